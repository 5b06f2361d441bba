using System;
using System.Numerics;
using Isometry.Numerics;

namespace Isometry.Activations;

/// <summary>
/// The smooth rectifiers of today's networks: unbounded, linear at large positive x and flat (or saturating) at large
/// negative x, but not positively homogeneous, so the length map is neither bounded nor affine. Its growth at large q is
/// E[phi(u)^2] ~ <see cref="ActivationFunction.LinearGrowth"/> q; every expectation is by quadrature.
/// </summary>
public abstract class RectifyingActivation : ActivationFunction
{
    public override bool IsBounded => false;

    /// <summary>phi(x)^2 ~ x^2 for x -> +infinity and -> 0 (or a constant) for x -> -infinity: half of q.</summary>
    public override double? LinearGrowth => 0.5;

    /// <summary>lim phi(x)^2 as x -> -infinity: 0 for SiLU, GELU and Softplus, (lambda alpha)^2 for SELU.</summary>
    protected virtual double NegativeSideSquare => 0.0;

    private double? _remainder;

    /// <summary>
    /// E[phi(u)^2] at large q with a bound on what is left: with rho(u) = phi(u)^2 - 2 LinearGrowth u^2 [u &gt; 0] -
    /// NegativeSideSquare [u &lt; 0], which decays exponentially on both sides, E[phi(u)^2] = LinearGrowth q +
    /// NegativeSideSquare / 2 + int rho(u) pdf(u / sqrt q) / sqrt q du, and the last term lies within R / sqrt q,
    /// R = pdf(0) int |rho(u)| du (1 % added for the quadrature), since 0 &lt; pdf &lt;= pdf(0).
    /// </summary>
    public override (double Growth, double Constant, double Remainder)? LargeQMeanSquare
    {
        get
        {
            double growth = LinearGrowth!.Value, side = NegativeSideSquare;
            _remainder ??= 1.01 * GaussianExpectation.Pdf(0.0) * AdaptiveGaussKronrod.Integrate(u =>
            {
                double v = Value(u);
                return Math.Abs(v * v - (u > 0.0 ? 2.0 * growth * u * u : side));
            }, new[] { -100.0, -40.0, -10.0, -2.0, 0.0, 2.0, 10.0, 40.0, 100.0 }, 1e-10);
            return (growth, 0.5 * side, _remainder.Value);
        }
    }

    /// <summary>The logistic function, the Sigmoid activation's own.</summary>
    protected static double Logistic(double x) => SigmoidActivation.Logistic(x);
}

/// <summary>phi(x) = x sigma(x) (SiLU, also called swish), sigma the logistic function.</summary>
public sealed class SiLUActivation : RectifyingActivation, IComplexSlope
{
    Complex IComplexSlope.Derivative(Complex x) => ComplexFunctions.Logistic(x) * (1.0 + x * ComplexFunctions.Logistic(-x));

    Complex IComplexSlope.SecondDerivative(Complex x)
    {
        Complex s = ComplexFunctions.Logistic(x), t = ComplexFunctions.Logistic(-x);
        return s * t * (2.0 + x * (t - s));
    }

    /// <summary>The logistic function's poles at i pi.</summary>
    double IComplexSlope.SlopeStrip => Math.PI;
    double? IComplexSlope.PositiveSideSlope => null;

    public override Activation Kind => Activation.SiLU;

    public override double Value(double x) => x * Logistic(x);

    /// <summary>sigma(x) (1 + x sigma(-x)); sigma(-x) rather than 1 - sigma(x), which cancels for large x.</summary>
    public override double Derivative(double x) => Logistic(x) * (1.0 + x * Logistic(-x));

    /// <summary>sigma(x) sigma(-x) (2 + x (sigma(-x) - sigma(x))).</summary>
    public override double SecondDerivative(double x)
    {
        double s = Logistic(x), t = Logistic(-x);
        return s * t * (2.0 + x * (t - s));
    }
}

/// <summary>phi(x) = x Phi(x) (GELU, the exact erf form), Phi the standard normal distribution function.</summary>
public sealed class GELUActivation : RectifyingActivation, IComplexSlope
{
    Complex IComplexSlope.Derivative(Complex x) => ComplexFunctions.NormalCdf(x) + x * ComplexFunctions.NormalPdf(x);
    Complex IComplexSlope.SecondDerivative(Complex x) => ComplexFunctions.NormalPdf(x) * (2.0 - x * x);
    double IComplexSlope.SlopeStrip => double.PositiveInfinity;
    double? IComplexSlope.PositiveSideSlope => null;

    public override Activation Kind => Activation.GELU;

    public override double Value(double x) => x * GaussianExpectation.Cdf(x);

    /// <summary>Phi(x) + x pdf(x).</summary>
    public override double Derivative(double x) => GaussianExpectation.Cdf(x) + x * GaussianExpectation.Pdf(x);

    /// <summary>pdf(x) (2 - x^2).</summary>
    public override double SecondDerivative(double x) => GaussianExpectation.Pdf(x) * (2.0 - x * x);
}

/// <summary>
/// phi(x) = ln(1 + e^x) (Softplus). phi(0) = ln 2: it is positive everywhere, and on chi = 1 its length map's fixed
/// point would need a negative bias variance, so it has no critical line (see <see cref="NoCriticalLine"/>).
/// </summary>
public sealed class SoftplusActivation : RectifyingActivation, IComplexSlope
{
    Complex IComplexSlope.Derivative(Complex x) => ComplexFunctions.Logistic(x);
    Complex IComplexSlope.SecondDerivative(Complex x) => ComplexFunctions.Logistic(x) * ComplexFunctions.Logistic(-x);
    double IComplexSlope.SlopeStrip => Math.PI;
    double? IComplexSlope.PositiveSideSlope => null;

    public override Activation Kind => Activation.Softplus;

    /// <summary>x + ln(1 + e^-x) for x &gt; 0, so that neither form overflows nor loses the small tail.</summary>
    public override double Value(double x) => x > 0.0 ? x + LogOnePlus(Math.Exp(-x)) : LogOnePlus(Math.Exp(x));

    /// <summary>
    /// ln(1 + y) with full relative accuracy for small y (Kahan: ln(u) y / (u - 1) with u = 1 + y cancels the rounding of
    /// u). Math.Log(1 + y) keeps only about 16 + log10(y) digits: at x = -15 a relative error of 1e-9 in phi, rough enough
    /// that a quadrature over the tail never meets its tolerance.
    /// </summary>
    internal static double LogOnePlus(double y)
    {
        double u = 1.0 + y;
        return u == 1.0 ? y : Math.Log(u) * y / (u - 1.0);
    }

    public override double Derivative(double x) => Logistic(x);

    public override double SecondDerivative(double x) => Logistic(x) * Logistic(-x);

    /// <summary>
    /// q - E[phi^2]/E[phi'^2], the bias variance the critical line needs, is -4 (ln 2)^2 = -1.92 at q = 0 and falls
    /// from there (-80 at q = 1e4): phi^2 outgrows q E[phi'^2] by the positive part phi keeps for x &lt; 0.
    /// </summary>
    public override string? NoCriticalLine =>
        "Softplus has no critical point: on chi = 1 the fixed point would need a negative bias variance " +
        "(q - E[phi^2]/E[phi'^2] is -4 ln(2)^2 = -1.92 at q = 0 and falls as q grows), because phi = ln(1 + e^x) stays " +
        "positive. Use Get-FixedPoint to see chi at a given (WeightStd, BiasStd).";
}

/// <summary>
/// phi(x) = lambda x for x &gt; 0, lambda alpha (e^x - 1) otherwise (SELU, Klambauer et al. 2017), with the published
/// constants, chosen so that a unit Gaussian keeps mean 0 and variance 1: q* = 1 at WeightStd 1, BiasStd 0. phi' jumps
/// at 0 (lambda alpha to lambda), so phi'(h)^2 has an atom lambda^2 of mass P(h &gt; 0) = 1/2.
/// </summary>
public sealed class SELUActivation : RectifyingActivation, IComplexSlope
{
    /// <summary>lambda alpha e^x, the negative side's slope (the positive side's is the constant lambda).</summary>
    Complex IComplexSlope.Derivative(Complex x) => Lambda * Alpha * Complex.Exp(x);
    Complex IComplexSlope.SecondDerivative(Complex x) => Lambda * Alpha * Complex.Exp(x);
    double IComplexSlope.SlopeStrip => double.PositiveInfinity;
    double? IComplexSlope.PositiveSideSlope => Lambda;

    /// <summary>lambda = 1.0507009873554804934193349852946 (the float64 nearest to it).</summary>
    public const double Lambda = 1.0507009873554804934193349852946;

    /// <summary>alpha = 1.6732632423543772848170429916717.</summary>
    public const double Alpha = 1.6732632423543772848170429916717;

    private static readonly double[] ZeroKink = { 0.0 };

    public override Activation Kind => Activation.SELU;

    public override double Value(double x) => x > 0.0 ? Lambda * x : Lambda * Alpha * ExpMinusOne(x);

    public override double Derivative(double x) => x > 0.0 ? Lambda : Lambda * Alpha * Math.Exp(x);

    public override double SecondDerivative(double x) => x > 0.0 ? 0.0 : Lambda * Alpha * Math.Exp(x);

    public override double[] Kinks => ZeroKink;

    /// <summary>lambda^2 x^2 on the positive side: E[phi^2] ~ lambda^2 q / 2.</summary>
    public override double? LinearGrowth => 0.5 * Lambda * Lambda;

    /// <summary>phi -> -lambda alpha far left.</summary>
    protected override double NegativeSideSquare => Lambda * Alpha * Lambda * Alpha;

    /// <summary>At q = 0 the two sides of the kink weigh half each: (lambda^2 + lambda^2 alpha^2) / 2.</summary>
    public override double MeanSquaredDerivative(double q) =>
        q <= 0.0 ? 0.5 * Lambda * Lambda * (1.0 + Alpha * Alpha) : base.MeanSquaredDerivative(q);

    /// <summary>E[phi'^2 + phi phi''] at q = 0: the same two-sided limit (phi(0) = 0, so the kink adds nothing).</summary>
    public override double MeanSquareSlope(double q) =>
        q <= 0.0 ? 0.5 * Lambda * Lambda * (1.0 + Alpha * Alpha) : base.MeanSquareSlope(q);


    /// <summary>
    /// E[phi(X)], X ~ N(m, s^2), a = m/s: lambda (m Phi(a) + s pdf(a)) on the positive side and lambda alpha
    /// (E[e^X; X &lt; 0] - Phi(-a)) on the negative one.
    /// </summary>
    public override double ShiftedMean(double m, double s)
    {
        if (s == 0.0) return Value(m);
        double a = m / s;
        return Lambda * (m * GaussianExpectation.Cdf(a) + s * GaussianExpectation.Pdf(a))
            + Lambda * Alpha * (NegativeSideExponential(m, s) - GaussianExpectation.Cdf(-a));
    }

    /// <summary>E[phi'(X)] = lambda Phi(a) + lambda alpha E[e^X; X &lt; 0].</summary>
    public override double ShiftedMeanDerivative(double m, double s)
    {
        if (s == 0.0) return m == 0.0 ? 0.5 * Lambda * (1.0 + Alpha) : Derivative(m);
        return Lambda * GaussianExpectation.Cdf(m / s) + Lambda * Alpha * NegativeSideExponential(m, s);
    }

    /// <summary>
    /// E[e^X; X &lt; 0] = e^(m + s^2/2) Phi(-t), t = m/s + s. For t &gt;= 5 the two factors would overflow and underflow;
    /// there it is pdf(m/s) R(t), since e^(m + s^2/2) pdf(t) = pdf(m/s), with R(t) = Phi(-t) / pdf(t) the Mills ratio.
    /// </summary>
    private static double NegativeSideExponential(double m, double s)
    {
        double a = m / s, t = a + s;
        if (t < 5.0) return Math.Exp(m + 0.5 * s * s) * GaussianExpectation.Cdf(-t);
        return GaussianExpectation.Pdf(a) * MillsRatio(t);
    }

    /// <summary>
    /// Phi(-t) / pdf(t) for t &gt;= 5: the quotient while both are normal doubles (t &lt;= 30), Laplace's continued fraction
    /// 1/(t + 1/(t + 2/(t + ...))) beyond, where 40 levels leave less than rounding.
    /// </summary>
    private static double MillsRatio(double t)
    {
        if (t <= 30.0) return GaussianExpectation.Cdf(-t) / GaussianExpectation.Pdf(t);
        double tail = t;
        for (int k = 40; k >= 1; k--) tail = t + k / tail;
        return 1.0 / tail;
    }

    /// <summary>
    /// e^x - 1 with full relative accuracy near 0 (Kahan: (u - 1) x / ln u with u = e^x cancels the rounding of u), where
    /// Math.Exp(x) - 1 would keep only about 16 + log10|x| digits.
    /// </summary>
    internal static double ExpMinusOne(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        return um1 == -1.0 ? -1.0 : um1 * x / Math.Log(u);
    }
}
