using System;
using Isometry.Numerics;
using static Isometry.Numerics.GaussianExpectation;

namespace Isometry.Activations;

/// <summary>phi(x) = x. Every expectation is exact.</summary>
public sealed class LinearActivation : ActivationFunction
{
    public override Activation Kind => Activation.Linear;
    public override double Value(double x) => x;
    public override double Derivative(double x) => 1.0;
    public override bool IsPiecewiseLinear => true;
    public override bool IsBounded => false;
    public override bool IsPositivelyHomogeneous => true;
    public override double MeanSquare(double q) => q;
    public override double MeanSquaredDerivative(double q) => 1.0;
    public override double MeanSquareSlope(double q) => 1.0;
    public override double? LinearFraction(double q) => 1.0;
    public override double ShiftedMean(double m, double s) => m;
    public override double ShiftedMeanDerivative(double m, double s) => 1.0;
}

/// <summary>phi(x) = max(0, x): half the units are linear whatever q is.</summary>
public sealed class ReLUActivation : ActivationFunction
{
    private static readonly double[] KinkPoints = { 0.0 };
    public override Activation Kind => Activation.ReLU;
    public override double Value(double x) => x > 0.0 ? x : 0.0;
    public override double Derivative(double x) => x > 0.0 ? 1.0 : 0.0;
    public override double[] Kinks => KinkPoints;
    public override bool IsPiecewiseLinear => true;
    public override bool IsBounded => false;
    public override bool IsPositivelyHomogeneous => true;
    public override double MeanSquare(double q) => 0.5 * q;
    public override double MeanSquaredDerivative(double q) => 0.5;
    public override double MeanSquareSlope(double q) => 0.5;
    public override double? LinearFraction(double q) => 0.5;

    public override double ShiftedMean(double m, double s) =>
        s == 0.0 ? Value(m) : m * Cdf(m / s) + s * Pdf(m / s);

    public override double ShiftedMeanDerivative(double m, double s) =>
        s == 0.0 ? (m > 0.0 ? 1.0 : m == 0.0 ? 0.5 : 0.0) : Cdf(m / s);
}

/// <summary>phi(x) = clip(x, -1, 1), with the closed forms of MATH.md section 2.</summary>
public sealed class HardTanhActivation : ActivationFunction
{
    private static readonly double[] KinkPoints = { -1.0, 1.0 };
    private static readonly double Sqrt2 = Math.Sqrt(2.0);
    public override Activation Kind => Activation.HardTanh;
    public override double Value(double x) => x > 1.0 ? 1.0 : x < -1.0 ? -1.0 : x;
    public override double Derivative(double x) => x > -1.0 && x < 1.0 ? 1.0 : 0.0;
    public override double[] Kinks => KinkPoints;
    public override bool IsPiecewiseLinear => true;
    public override bool IsBounded => true;

    /// <summary>q E[z^2; |z| &lt; a] + erfc(a/sqrt2), a = 1/sqrt(q).</summary>
    public override double MeanSquare(double q)
    {
        if (q <= 0.0) return 0.0;
        double a = 1.0 / Math.Sqrt(q);
        return q * TruncatedSecondMoment(a) + MathNet.Numerics.SpecialFunctions.Erfc(a / Sqrt2);
    }

    /// <summary>
    /// E[z^2; |z| &lt; a] = erf(a/sqrt2) - 2 a pdf(a). For small a (large q) the two terms agree to O(a^3) and their
    /// difference would lose every digit, so there it is the series sqrt(2/pi) sum_n (-1)^n a^(2n+3) / (2^n n! (2n+3)).
    /// </summary>
    public static double TruncatedSecondMoment(double a)
    {
        if (a > 0.5) return MathNet.Numerics.SpecialFunctions.Erf(a / Sqrt2) - 2.0 * a * Pdf(a);
        double a2 = a * a, term = a2 * a, sum = 0.0;   // term = (-1)^n a^(2n+3) / (2^n n!)
        for (int n = 0; n < 40; n++)
        {
            double contribution = term / (2 * n + 3);
            sum += contribution;
            if (Math.Abs(contribution) < 1e-18 * Math.Abs(sum)) break;
            term *= -a2 / (2.0 * (n + 1));
        }
        return Math.Sqrt(2.0 / Math.PI) * sum;
    }

    /// <summary>p(q) = erf(1/sqrt(2q)).</summary>
    public override double MeanSquaredDerivative(double q) =>
        q <= 0.0 ? 1.0 : MathNet.Numerics.SpecialFunctions.Erf(1.0 / Math.Sqrt(2.0 * q));

    /// <summary>
    /// p(q) - 2 exp(-1/(2q)) / sqrt(2 pi q), the kinks' delta masses in phi'' entering as the second term; with
    /// a = 1/sqrt(q) that is E[z^2; |z| &lt; a], taken from its series where the two terms cancel.
    /// </summary>
    public override double MeanSquareSlope(double q) =>
        q <= 0.0 ? 1.0 : TruncatedSecondMoment(1.0 / Math.Sqrt(q));

    public override double? LinearFraction(double q) => MeanSquaredDerivative(q);

    /// <summary>
    /// q - E[phi^2]/p = (2 sqrt(q) pdf(a) - erfc(a/sqrt2)) / p with a = 1/sqrt(q): both terms are about e^(-a^2/2), and
    /// with the Mills ratio R(a) = erfc(a/sqrt2) / (2 pdf(a)) the numerator is 2 pdf(a) (1/a - R(a)), where
    /// 1/a - R(a) = R(a) (1/R(a) - a) / a keeps its digits: 1/R(a) - a comes from the continued fraction of R.
    /// </summary>
    public override double CriticalBiasVariance(double q)
    {
        if (!(q > 0.0) || q >= 0.1) return base.CriticalBiasVariance(q);
        double a = 1.0 / Math.Sqrt(q);
        // R(a) = 1/(a + 1/(a + 2/(a + 3/(a + ...)))), so 1/R(a) - a = 1/(a + 2/(a + 3/(a + ...))), from the bottom up.
        double tail = a;
        // Terms beyond about 20 + 40/a change nothing at a >= 3 (q < 0.1), where this is used.
        for (int k = 20 + (int)(40.0 / a); k >= 2; k--) tail = a + k / tail;
        double inverseMillsMinusA = 1.0 / tail;
        double mills = 1.0 / (a + inverseMillsMinusA);
        return 2.0 * Pdf(a) * mills * inverseMillsMinusA / a / MeanSquaredDerivative(q);
    }

    /// <summary>
    /// E[clip(X)] for X ~ N(m, s^2): the two saturated tails plus the truncated mean in between. When s is large the
    /// window [-1, 1] is a sliver of X's spread and those terms cancel to nothing; there the same value is
    /// (1/2) int_{-1}^{1} erf((m - t) / (s sqrt 2)) dt, a smooth integrand on the window.
    /// </summary>
    public override double ShiftedMean(double m, double s)
    {
        if (s == 0.0) return Value(m);
        if (s > WideSpread)
            return 0.5 * OverWindow(t => MathNet.Numerics.SpecialFunctions.Erf((m - t) / (s * Sqrt2)));
        double a = (-1.0 - m) / s, b = (1.0 - m) / s;
        return Cdf(-b) - Cdf(a) + m * (Cdf(b) - Cdf(a)) + s * (Pdf(a) - Pdf(b));
    }

    /// <summary>P(-1 &lt; X &lt; 1) = int_{-1}^{1} pdf((t - m)/s) / s dt; the integral form where the difference of Cdfs cancels.</summary>
    public override double ShiftedMeanDerivative(double m, double s)
    {
        if (s == 0.0) return Derivative(m);
        if (s > WideSpread) return OverWindow(t => Pdf((t - m) / s)) / s;
        return Cdf((1.0 - m) / s) - Cdf((-1.0 - m) / s);
    }

    /// <summary>Above this spread the window [-1, 1] is under a fifth of a standard deviation wide.</summary>
    private const double WideSpread = 10.0;

    // 10-point Gauss-Legendre on [-1, 1]: exact to double precision for integrands that vary on a scale of s >= 10.
    private static readonly double[] GaussNodes =
    {
        0.1488743389816312108848260, 0.4333953941292471907992659, 0.6794095682990244062343274,
        0.8650633666889845107320967, 0.9739065285171717200779640,
    };

    private static readonly double[] GaussWeights =
    {
        0.2955242247147528701738930, 0.2692667193099963550912269, 0.2190863625159820439955349,
        0.1494513491505805931457763, 0.0666713443086881375935688,
    };

    private static double OverWindow(Func<double, double> f)
    {
        double sum = 0.0;
        for (int i = 0; i < GaussNodes.Length; i++) sum += GaussWeights[i] * (f(GaussNodes[i]) + f(-GaussNodes[i]));
        return sum;
    }
}
