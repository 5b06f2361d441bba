using System;
using Isometry.Activations;
using Isometry.Numerics;

namespace Isometry.MeanField;

/// <summary>
/// The correlation map of two inputs at the fixed point q*:
/// C(c) = (sw^2 E[phi(u1) phi(u2)] + sb^2) / q*, u1 = sqrt(q*) z1, u2 = sqrt(q*) (c z1 + sqrt(1 - c^2) z2).
/// </summary>
/// <remarks>
/// The two-dimensional expectation is an outer quadrature over z1 of the activation's conditional mean over z2,
/// which is closed form for Linear, ReLU, HardTanh, Erf and SELU. For an activation without kinks Mehler's series
/// (<see cref="CorrelationSeries"/>) replaces the double integral wherever its truncation is negligible: a polynomial in c
/// instead of an outer quadrature per evaluation.
/// C'(c) = sw^2 E[phi'(u1) phi'(u2)] = chi_c, and C'(1) = chi.
/// </remarks>
public sealed class CorrelationMap
{
    private readonly ActivationFunction _phi;
    private readonly double _sw2, _sb2, _q, _r;

    public CorrelationMap(Activation activation, double weightStd, double biasStd, double qStar)
        : this(ActivationFunction.For(activation), weightStd, biasStd, qStar)
    {
    }

    public CorrelationMap(ActivationFunction function, double weightStd, double biasStd, double qStar)
    {
        if (!(qStar > 0.0) || double.IsInfinity(qStar))
            throw new ArgumentOutOfRangeException(nameof(qStar), qStar, "The correlation map needs a finite, positive q*.");
        _phi = function;
        _sw2 = weightStd * weightStd;
        _sb2 = biasStd * biasStd;
        _q = qStar;
        _r = Math.Sqrt(qStar);
    }

    /// <summary>
    /// The inner conditional means are good to about 1e-13 absolute (their own tolerance, relative to E|phi|). Near
    /// c = 0 the cross term is O(c), so a purely relative outer tolerance would chase that noise forever; the outer
    /// integrals stop at the inner noise floor instead.
    /// </summary>
    private const double InnerNoise = 1e-13;

    private CorrelationSeries? _series;
    private bool _seriesTried;

    /// <summary>
    /// Mehler's series of phi at q*, built on first use, for a phi without kinks (a kink makes a_k decay like a power of
    /// k; ReLU, HardTanh and SELU keep their closed-form conditional means under one quadrature).
    /// </summary>
    private CorrelationSeries? Series
    {
        get
        {
            if (!_seriesTried)
            {
                _seriesTried = true;
                if (_phi.Kinks.Length == 0 && !_phi.IsPiecewiseLinear) _series = CorrelationSeries.TryBuild(_phi, _q);
            }
            return _series;
        }
    }

    /// <summary>C(c).</summary>
    public double Value(double c)
    {
        double s = Spread(c);
        if (Series is { } series && series.TryCross(c, out double seriesCross)) return (_sw2 * seriesCross + _sb2) / _q;
        double cross = _phi.OverU(_q, u => _phi.Value(u) * _phi.ShiftedMean(c * u, _r * s), InnerNoise);
        return (_sw2 * cross + _sb2) / _q;
    }

    /// <summary>C'(c) = chi_c(c).</summary>
    public double Slope(double c)
    {
        double s = Spread(c);
        if (Series is { } series && series.TryCrossSlope(c, out double crossSlope)) return _sw2 * crossSlope / _q;
        return _sw2 * _phi.OverU(_q, u => _phi.Derivative(u) * _phi.ShiftedMeanDerivative(c * u, _r * s), InnerNoise);
    }

    /// <summary>
    /// The attracting fixed point c* in [0, 1) of a chaotic network (chi &gt; 1, so c = 1 repels).
    /// </summary>
    /// <remarks>
    /// C(0) &gt;= 0 and C(1 - d) - (1 - d) ~ -(chi - 1) d for small d, so the root is bracketed by shrinking d until
    /// the sign flips. When chi is within about 1e-7 of 1 that margin drowns in quadrature error and the solver
    /// says so rather than guessing.
    /// </remarks>
    public double FixedPoint()
    {
        double g0 = Value(0.0);
        if (g0 <= 1e-14) return 0.0;
        double d = 0.5;
        while (Value(1.0 - d) - (1.0 - d) >= 0.0)
        {
            d *= 0.25;
            if (d < 1e-9)
                throw new NotConvergedException("CorrelationNotConverged",
                    "The correlation fixed point c* lies too close to 1 to resolve (chi is within about 1e-7 of 1).");
        }
        if (!RootFinder.TryBrent(c => Value(c) - c, 0.0, 1.0 - d, out double cStar, 1e-15, 1e-15))
            throw new NotConvergedException("CorrelationNotConverged", "The correlation fixed point c* did not converge.");
        return cStar;
    }

    private static double Spread(double c)
    {
        if (!(c >= -1.0 && c <= 1.0)) throw new ArgumentOutOfRangeException(nameof(c), c, "A correlation lies in [-1, 1].");
        return Math.Sqrt(Math.Max(0.0, (1.0 - c) * (1.0 + c)));
    }
}
