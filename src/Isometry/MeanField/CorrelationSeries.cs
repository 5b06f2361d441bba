using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using Isometry.Activations;
using Isometry.Numerics;

namespace Isometry.MeanField;

/// <summary>
/// The correlation map's cross terms as Mehler's series. For centred Gaussian (u1, u2) with variance q and correlation c,
/// E[phi(u1) phi(u2)] = sum_k a_k^2 c^k with a_k = E[phi(sqrt(q) z) h_k(z)], h_k = He_k / sqrt(k!) the orthonormal
/// Hermite polynomials; by Price's theorem E[phi'(u1) phi'(u2)] = (1/q) sum_k k a_k^2 c^(k-1).
/// </summary>
/// <remarks>
/// The a_k take one pass over a fixed rule, after which every C(c) and C'(c) is a polynomial: for an activation without
/// closed-form conditional means (Tanh, Sigmoid, the smooth rectifiers, a user's own) the nested quadrature costs about
/// 10 ms a c, the series microseconds. Truncated after K terms, the series leaves at most |c|^(K+1) times the Parseval
/// remainder E[phi^2] - sum_{k&lt;=K} a_k^2 (for the slope, |c|^K times q E[phi'^2] - sum k a_k^2); where that is not
/// negligible (c near 1 with slowly decaying a_k, a kinked or very steep phi) the caller keeps the nested quadrature.
/// The rule's own E[phi^2] and E[phi'^2] must match the adaptive ones, so a rule that misses a feature of phi is not used.
/// </remarks>
public sealed class CorrelationSeries
{
    /// <summary>
    /// The rules, coarse first: a 16-point Gauss-Legendre panel of width 1/4 integrates h_k to rounding up to degree 400
    /// (h_k oscillates at most sqrt(2k + 1) radians per unit of z), one of width 1/10 up to 2,000. A steep phi (Sigmoid near
    /// its critical line, q* near 50) needs the second when c* is near 1; it costs about ten times the first.
    /// </summary>
    private static readonly (double WidestPanel, int MaxDegree)[] Rules = { (0.25, 400), (0.1, 2000) };

    private const int Order = GaussLegendrePanel.Order;

    /// <summary>
    /// Truncation error accepted, relative to E[phi^2] (or q E[phi'^2]): rounding's level. Near criticality c* sits where
    /// C(c) - c has slope chi - 1 (2e-4, say), which multiplies any error of C in c*, so less would not do.
    /// </summary>
    private const double TailTolerance = 1e-16;

    /// <summary>
    /// The Parseval remainders cannot fall below the rounding of the sums they come from (about 1e-15 of E[phi^2]): once
    /// below this and no longer halving over <see cref="StallTerms"/> terms, what is left is that rounding, and the series
    /// is complete.
    /// </summary>
    private const double RemainderFloor = 1e-13;
    private const int StallTerms = 16;
    private readonly List<(double Value, double Slope)> _remainders = new(64);

    /// <summary>How far the rule's E[phi^2] and E[phi'^2] may stray from the adaptive quadrature's (both aim at 1e-13).</summary>
    private const double RuleAgreement = 1e-12;

    /// <summary>Steeper than this (sqrt(q) larger), the graded rule grows past a few thousand nodes: not worth it.</summary>
    private const double SteepestScale = 1e4;

    private readonly ActivationFunction _phi;
    private readonly double _q;
    private int _rule;
    private double[] _nodes, _weighted;
    private double[] _previous, _current; // h_{k-1} and h_k on the nodes, k = the next degree to take
    private readonly List<double> _squares = new(64); // a_k^2
    private double _meanSquare, _slopeMass;
    private double _remainder, _slopeRemainder;
    private bool _complete;

    private CorrelationSeries(ActivationFunction phi, double q, (double[] Nodes, double[] Weighted, double MeanSquare, double SlopeMass) start)
    {
        _phi = phi;
        _q = q;
        Restart(start);
    }

    /// <summary>Starts the series over on a rule: its nodes, and a_0 next.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_nodes), nameof(_weighted), nameof(_previous), nameof(_current))]
    private void Restart((double[] Nodes, double[] Weighted, double MeanSquare, double SlopeMass) rule)
    {
        _nodes = rule.Nodes;
        _weighted = rule.Weighted;
        _previous = new double[_nodes.Length];
        _current = new double[_nodes.Length];
        Array.Fill(_current, 1.0);
        _squares.Clear();
        _remainders.Clear();
        _complete = false;
        _meanSquare = _remainder = rule.MeanSquare;
        _slopeMass = _slopeRemainder = rule.SlopeMass;
    }

    /// <summary>The coefficients taken so far (K + 1): only as many as the correlations asked for need.</summary>
    public int Terms => _squares.Count;

    /// <summary>The series of phi at variance <paramref name="q"/>, or null where the fixed rule does not resolve phi.</summary>
    public static CorrelationSeries? TryBuild(ActivationFunction phi, double q)
    {
        if (!(q > 0.0) || !double.IsFinite(q)) return null;
        return Prepare(phi, q, Rules[0].WidestPanel) is { } rule ? new CorrelationSeries(phi, q, rule) : null;
    }

    /// <summary>
    /// The rule's nodes, w_i phi(sqrt(q) z_i) and its E[phi^2] and q E[phi'^2], or null when it does not resolve phi (its
    /// E[phi^2] or E[phi'^2] strays from the adaptive quadrature's) or phi is too steep for it.
    /// </summary>
    private static (double[] Nodes, double[] Weighted, double MeanSquare, double SlopeMass)? Prepare(ActivationFunction phi, double q, double widest)
    {
        double r = Math.Sqrt(q);
        if (r > SteepestScale) return null;
        var (z, w) = Rule(r, phi.Kinks, widest);
        int n = z.Length;
        var weighted = new double[n];
        double meanSquare = 0.0, meanSlopeSquare = 0.0;
        for (int i = 0; i < n; i++)
        {
            double f = phi.Value(r * z[i]), d = phi.Derivative(r * z[i]);
            if (!double.IsFinite(f) || !double.IsFinite(d)) return null;
            weighted[i] = w[i] * f;
            meanSquare += w[i] * f * f;
            meanSlopeSquare += w[i] * d * d;
        }
        if (!Agrees(meanSquare, phi.MeanSquare(q)) || !Agrees(meanSlopeSquare, phi.MeanSquaredDerivative(q))) return null;
        return (z, weighted, meanSquare, q * meanSlopeSquare);
    }

    /// <summary>E[phi(u1) phi(u2)] at correlation c, when the truncation is negligible there.</summary>
    public bool TryCross(double c, out double cross)
    {
        double a = Math.Abs(c);
        while (!CrossTruncated(a) && TakeTerm()) { }
        cross = 0.0;
        if (!CrossTruncated(a)) return false;
        double sum = 0.0;
        for (int k = _squares.Count - 1; k >= 0; k--) sum = sum * c + _squares[k];
        cross = sum;
        return true;
    }

    /// <summary>E[phi'(u1) phi'(u2)] at correlation c, times q (the derivative of the cross term in c).</summary>
    public bool TryCrossSlope(double c, out double crossSlope)
    {
        double a = Math.Abs(c);
        while (!SlopeTruncated(a) && TakeTerm()) { }
        crossSlope = 0.0;
        if (!SlopeTruncated(a)) return false;
        double sum = 0.0;
        for (int k = _squares.Count - 1; k >= 1; k--) sum = sum * c + k * _squares[k];
        crossSlope = sum;
        return true;
    }

    /// <summary>Whether the terms taken give E[phi(u1) phi(u2)] at |c| = a within the tolerance.</summary>
    private bool CrossTruncated(double a) =>
        _complete || _squares.Count > 0 && Math.Pow(a, _squares.Count) * _remainder <= TailTolerance * _meanSquare;

    /// <summary>The same for its derivative, whose terms are k a_k^2 c^(k-1).</summary>
    private bool SlopeTruncated(double a) =>
        _complete || _squares.Count > 0 && Math.Pow(a, _squares.Count - 1) * _slopeRemainder <= TailTolerance * _slopeMass;

    /// <summary>
    /// a_k for the next k, and the Parseval remainders after it; false when the degree limit is reached. Orthonormal
    /// Hermite polynomials come from their three-term recurrence h_{k+1} = (z h_k - sqrt(k) h_{k-1}) / sqrt(k+1), stable
    /// upwards; |h_k(z)| pdf(z) stays below 1 on the rule, so each a_k is a sum of terms of the size of E|phi|.
    /// </summary>
    private bool TakeTerm()
    {
        int k = _squares.Count;
        if (k > Rules[_rule].MaxDegree)
        {
            // Past what this rule resolves: start over on the next, finer one, if there is one and it resolves phi.
            if (_rule + 1 >= Rules.Length || Prepare(_phi, _q, Rules[_rule + 1].WidestPanel) is not { } finer) return false;
            _rule++;
            Restart(finer);
            k = 0;
        }
        if (k > 0)
        {
            Step(_nodes, _previous, _current, k - 1);
            (_previous, _current) = (_current, _previous);
        }
        double a = System.Numerics.Tensors.TensorPrimitives.Dot<double>(_weighted, _current);
        _squares.Add(a * a);
        _remainder = Math.Max(0.0, _remainder - a * a);
        _slopeRemainder = Math.Max(0.0, _slopeRemainder - k * a * a);
        // Both remainders down to rounding: later terms cannot matter for any |c| <= 1.
        _remainders.Add((_remainder, _slopeRemainder));
        if (k >= StallTerms)
        {
            var (valueBefore, slopeBefore) = _remainders[k - StallTerms];
            bool Stalled(double now, double before, double mass) => now <= RemainderFloor * mass && now > 0.5 * before || now == 0.0;
            if (Stalled(_remainder, valueBefore, _meanSquare) && Stalled(_slopeRemainder, slopeBefore, _slopeMass)) _complete = true;
        }
        return true;
    }

    private static bool Agrees(double rule, double adaptive) =>
        Math.Abs(rule - adaptive) <= RuleAgreement * Math.Abs(adaptive) + 1e-300;

    /// <summary>
    /// Gauss-Legendre panels over |z| &lt;= 13 with the Gaussian density folded into the weights: width 1/4, graded down
    /// towards z = 0 to 1/sqrt(q) where phi(sqrt(q) z) changes on that scale, and split at phi's kinks.
    /// </summary>
    private static (double[] Nodes, double[] Weights) Rule(double r, double[] kinks, double widest)
    {
        var half = new List<double> { 0.0 };
        double finest = Math.Min(widest, 1.0 / r);
        for (double b = 0.0; b < GaussianExpectation.Cutoff;)
        {
            b += Math.Min(widest, Math.Max(finest, 0.25 * b));
            half.Add(Math.Min(b, GaussianExpectation.Cutoff));
        }
        var points = new List<double>(2 * half.Count + kinks.Length);
        foreach (var b in half) { points.Add(b); if (b > 0.0) points.Add(-b); }
        foreach (var k in kinks)
        {
            double zk = k / r;
            if (Math.Abs(zk) < GaussianExpectation.Cutoff) points.Add(zk);
        }
        points.Sort();
        var nodes = new List<double>(points.Count * Order);
        var weights = new List<double>(points.Count * Order);
        for (int p = 0; p + 1 < points.Count; p++)
        {
            double a = points[p], b = points[p + 1];
            if (!(b - a > 1e-14)) continue;
            double c = 0.5 * (a + b), h = 0.5 * (b - a);
            for (int j = 0; j < Order; j++)
            {
                double x = c + h * GaussLegendrePanel.Nodes[j];
                nodes.Add(x);
                weights.Add(h * GaussLegendrePanel.Weights[j] * GaussianExpectation.Pdf(x));
            }
        }
        return (nodes.ToArray(), weights.ToArray());
    }

    /// <summary>Overwrites h_{k-1} in <paramref name="previous"/> with h_{k+1} = (z h_k - sqrt(k) h_{k-1}) / sqrt(k+1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Step(double[] z, double[] previous, double[] current, int k)
    {
        double back = Math.Sqrt(k), scale = 1.0 / Math.Sqrt(k + 1.0);
        int n = z.Length, i = 0, width = Vector<double>.Count;
        var vb = new Vector<double>(back);
        var vs = new Vector<double>(scale);
        for (; i <= n - width; i += width)
        {
            var next = (new Vector<double>(z, i) * new Vector<double>(current, i) - vb * new Vector<double>(previous, i)) * vs;
            next.CopyTo(previous, i);
        }
        for (; i < n; i++) previous[i] = (z[i] * current[i] - back * previous[i]) * scale;
    }
}
