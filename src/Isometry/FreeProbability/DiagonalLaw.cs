using System;
using System.Numerics;
using Isometry.Activations;
using Isometry.Numerics;

namespace Isometry.FreeProbability;

/// <summary>
/// The law of one diagonal entry of D^2, d = phi'(sqrt(q*) z)^2, and the pieces of its S-transform the Jacobian
/// spectrum needs. With zeta(m) = M_D^-1(m), 1/S_D(m) = m zeta(m) / (1 + m).
/// </summary>
public abstract class DiagonalLaw
{
    /// <summary>mu_0 .. mu_order, mu_k = E[d^k] (mu_0 = 1).</summary>
    public abstract double[] Moments(int order);

    /// <summary>P(d = 0): the atom of the Jacobian spectrum at 0 (J has rank about (1 - this) N).</summary>
    public abstract double ZeroMass { get; }

    /// <summary>p for a Bernoulli law; null for a continuous one.</summary>
    public abstract double? LinearFraction { get; }

    /// <summary>
    /// Where M(z) tends as z -> 0 on the physical sheet: minus the mass of the continuous part's neighbourhood of 0,
    /// -p for a Bernoulli law and -1 for a continuous one. The density near lambda = 0 lives in m - Anchor, which
    /// shrinks like lambda^(1/L): carrying that difference instead of m keeps its digits.
    /// </summary>
    public abstract double Anchor { get; }

    /// <summary>log(m zeta(m)) and its derivative in m, at m = Anchor + y.</summary>
    public abstract (Complex Value, Complex Derivative) LogMZeta(Complex y);

    /// <summary>The law of D^2 for an activation at the fixed point q*.</summary>
    public static DiagonalLaw For(ActivationFunction phi, double qStar) =>
        phi.IsPiecewiseLinear ? new BernoulliLaw(phi.LinearFraction(qStar)!.Value)
        : qStar == 0.0 ? new BernoulliLaw(1.0, phi.Derivative(0.0) * phi.Derivative(0.0))
        : new SmoothLaw(phi, qStar);
}

/// <summary>
/// D^2 ~ c Bernoulli(p) on {0, c} (c = 1 for piecewise-linear activations; a smooth activation at q* = 0 has
/// d = phi'(0)^2 for every unit, which is this law with p = 1): M_D(z) = p c/(z - c), zeta(m) = c (m + p)/m.
/// </summary>
public sealed class BernoulliLaw : DiagonalLaw
{
    private readonly double _logScale;

    public BernoulliLaw(double p, double scale = 1.0)
    {
        if (!(p > 0.0 && p <= 1.0)) throw new ArgumentOutOfRangeException(nameof(p), p, "The linear fraction p must lie in (0, 1].");
        if (!(scale > 0.0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive.");
        P = p;
        Scale = scale;
        _logScale = Math.Log(scale);
    }

    public double P { get; }

    /// <summary>The non-zero value c of d.</summary>
    public double Scale { get; }

    public override double[] Moments(int order)
    {
        var mu = new double[order + 1];
        mu[0] = 1.0;
        for (int k = 1; k <= order; k++) mu[k] = P * Math.Pow(Scale, k);
        return mu;
    }

    public override double ZeroMass => 1.0 - P;
    public override double? LinearFraction => P;

    public override double Anchor => -P;

    // m zeta(m) = c (m + p) = c y exactly: no cancellation between L log m and L log zeta at large depth.
    public override (Complex Value, Complex Derivative) LogMZeta(Complex y) => (Complex.Log(y) + _logScale, 1.0 / y);
}

/// <summary>
/// D^2 with a continuous law (Tanh, Erf): moments by quadrature (Erf in closed form),
/// zeta(m) by Newton's method on M_D(zeta) = E[d/(zeta - d)] = m.
/// </summary>
public sealed class SmoothLaw : DiagonalLaw
{
    private readonly ActivationFunction _phi;
    private readonly double _q;

    public SmoothLaw(ActivationFunction phi, double qStar)
    {
        _phi = phi;
        _q = qStar;
        MaxValue = Square(phi.Derivative(0.0));
    }

    /// <summary>The top of the support of d: phi'(0)^2.</summary>
    public double MaxValue { get; }

    public override double ZeroMass => 0.0;
    public override double? LinearFraction => null;

    public override double[] Moments(int order)
    {
        var mu = new double[order + 1];
        mu[0] = 1.0;
        for (int k = 1; k <= order; k++)
        {
            int power = 2 * k;
            mu[k] = _phi.Kind == Activation.Erf
                ? Math.Pow(4.0 / Math.PI, k) / Math.Sqrt(1.0 + 4.0 * k * _q)
                : _phi.OverU(_q, u => Math.Pow(_phi.Derivative(u), power));
        }
        return mu;
    }

    public override double Anchor => -1.0;

    public override (Complex Value, Complex Derivative) LogMZeta(Complex y)
    {
        Complex m = y - 1.0;
        var zeta = Zeta(m, out Complex dZeta);
        return (Complex.Log(m) + Complex.Log(zeta), 1.0 / m + dZeta / zeta);
    }

    private (double[] D, double[] W)? _rule;

    /// <summary>
    /// The law of d as a fixed quadrature rule over z: d_i = phi'(sqrt(q) z_i)^2 with weights w_i. d is even in z,
    /// so the half-line rule carries double weight. Built once; every M_D evaluation is then a short sum. It is
    /// accurate while zeta stays clear of the support [0, phi'(0)^2]; near it (large |m|, or lambda -> 0 in the
    /// Jacobian spectrum) the sum sees single nodes, which is why Jacobian densities are not yet computed for these laws.
    /// </summary>
    private (double[] D, double[] W) Rule()
    {
        if (_rule is { } r) return r;
        double root = Math.Sqrt(_q);
        var (z, w) = GaussianExpectation.Rule(0.0, 1.0 / root, default, 4);
        var d = new System.Collections.Generic.List<double>(z.Length);
        var weight = new System.Collections.Generic.List<double>(z.Length);
        for (int i = 0; i < z.Length; i++)
        {
            if (z[i] < 0.0) continue;
            d.Add(Square(_phi.Derivative(root * z[i])));
            weight.Add(z[i] == 0.0 ? w[i] : 2.0 * w[i]);
        }
        _rule = (d.ToArray(), weight.ToArray());
        return _rule.Value;
    }

    /// <summary>M_D(zeta) = E[d/(zeta - d)] and M_D'(zeta) = -E[d/(zeta - d)^2].</summary>
    public (Complex Value, Complex Derivative) TransformM(Complex zeta)
    {
        var (d, w) = Rule();
        Complex value = Complex.Zero, derivative = Complex.Zero;
        for (int i = 0; i < d.Length; i++)
        {
            Complex inv = 1.0 / (zeta - d[i]);
            Complex term = w[i] * d[i] * inv;
            value += term;
            derivative -= term * inv;
        }
        return (value, derivative);
    }

    private Complex _lastM = Complex.Zero, _lastW = Complex.Zero;

    /// <summary>zeta = M_D^-1(m) on the branch that behaves as mu_1/m for small m, and zeta'(m) = 1/M_D'(zeta).</summary>
    /// <remarks>
    /// Solved for w = 1/zeta, in which M_D(1/w) = mu_1 w + mu_2 w^2 + ... is nearly linear: Newton's method
    /// starts from w = m/mu_1, or from the last solution when m moved little (continuation).
    /// </remarks>
    public Complex Zeta(Complex m, out Complex dZeta)
    {
        Complex w = _lastW != Complex.Zero && (_lastM - m).Magnitude < 0.25 * m.Magnitude ? _lastW : m / Mean;
        for (int i = 0; i < 60; i++)
        {
            Complex zeta = 1.0 / w;
            var (f, df) = TransformM(zeta);
            // d/dw M_D(1/w) = -M_D'(zeta) / w^2.
            var step = (f - m) / (-df * zeta * zeta);
            if (!double.IsFinite(step.Real) || !double.IsFinite(step.Imaginary)) break;
            if (step.Magnitude > 0.5 * w.Magnitude) step *= 0.5 * w.Magnitude / step.Magnitude;
            w -= step;
            if (step.Magnitude <= 1e-14 * w.Magnitude)
            {
                zeta = 1.0 / w;
                dZeta = 1.0 / TransformM(zeta).Derivative;
                _lastM = m;
                _lastW = w;
                return zeta;
            }
        }
        throw new NotConvergedException("SpectrumNotConverged", $"M_D^-1({m}) did not converge for {_phi.Kind}.");
    }

    private double? _mean;
    private double Mean => _mean ??= Moments(1)[1];

    private static double Square(double x) => x * x;
}
