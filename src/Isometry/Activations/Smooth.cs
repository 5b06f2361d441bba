using System;
using System.Numerics;
using Isometry.Numerics;
using MathNet.Numerics;

namespace Isometry.Activations;

/// <summary>phi(x) = tanh(x). No closed forms: every expectation is by quadrature.</summary>
public sealed class TanhActivation : ActivationFunction, IAnalyticSquaredSlope, IComplexSlope
{
    Complex IComplexSlope.Derivative(Complex x) => ComplexFunctions.SechSquared(x);
    Complex IComplexSlope.SecondDerivative(Complex x) => -2.0 * ComplexFunctions.Tanh(x) * ComplexFunctions.SechSquared(x);
    /// <summary>sech^2 has poles at i pi/2.</summary>
    double IComplexSlope.SlopeStrip => 0.5 * Math.PI;
    double? IComplexSlope.PositiveSideSlope => null;

    private static readonly double Ln2 = Math.Log(2.0);

    public override Activation Kind => Activation.Tanh;
    public override double Value(double x) => Math.Tanh(x);

    /// <summary>sech^2 as 1/cosh^2 keeps full relative accuracy in the tails, where 1 - tanh^2 cancels to 0.</summary>
    public override double Derivative(double x)
    {
        double c = Math.Cosh(x);
        return 1.0 / (c * c);
    }

    public override double SecondDerivative(double x) => -2.0 * Math.Tanh(x) * Derivative(x);
    public override bool IsBounded => true;

    /// <summary>tanh(u) = sum_k a_k u^(2k+1): 1, -1/3, 2/15, -17/315, 62/2835, -1382/155925, 21844/6081075, ...</summary>
    private static readonly double[] TaylorOdd =
    {
        1.0, -1.0 / 3.0, 2.0 / 15.0, -17.0 / 315.0, 62.0 / 2835.0, -1382.0 / 155925.0, 21844.0 / 6081075.0,
        -929569.0 / 638512875.0,
    };

    /// <summary>The small-q series below 1e-3 (sb^2 = (4/3) q^3 + ...), the plain difference above.</summary>
    public override double CriticalBiasVariance(double q) =>
        q > 0.0 && q < 1e-3 ? SmallVarianceCriticalBias(TaylorOdd, q) : base.CriticalBiasVariance(q);

    /// <summary>1 - tanh^2 = sech^2, accurate in the tails.</summary>
    public override double SaturationGap(double x) => Derivative(x);

    /// <summary>
    /// E[tanh(X)], X ~ N(m, s^2). For a wide X (s &gt; 20) tanh is a step of width 1 under it, and a z-quadrature would
    /// have to find that step; instead, with tanh(x) = int_{-inf}^{x} sech^2 - 1 and int sech^2 = 2,
    /// E[tanh X] = (1/2) int sech^2(t) erf((m - t) / (s sqrt 2)) dt, a quadrature over where sech^2 lives.
    /// </summary>
    public override double ShiftedMean(double m, double s) =>
        s > WideSpread ? 0.5 * OverStep(t => SpecialFunctions.Erf((m - t) / (s * Math.Sqrt(2.0)))) : base.ShiftedMean(m, s);

    /// <summary>E[sech^2(X)] = int sech^2(t) pdf((t - m)/s) / s dt for a wide X, as <see cref="ShiftedMean"/>.</summary>
    public override double ShiftedMeanDerivative(double m, double s) =>
        s > WideSpread ? OverStep(t => GaussianExpectation.Pdf((t - m) / s)) / s : base.ShiftedMeanDerivative(m, s);

    private const double WideSpread = 20.0;

    /// <summary>The step's panels: sech^2 below 1e-34 beyond |t| = 40.</summary>
    private static readonly double[] StepBreakpoints = { -40, -20, -10, -5, -2.5, -1, 0, 1, 2.5, 5, 10, 20, 40 };

    private double OverStep(Func<double, double> weightless) =>
        AdaptiveGaussKronrod.Integrate(t => Derivative(t) * weightless(t), StepBreakpoints, GaussianExpectation.RelativeTolerance);

    /// <summary>-4 log cosh x, written so that it neither overflows nor loses the tail.</summary>
    public double LogSquaredSlope(double x)
    {
        double a = Math.Abs(x);
        return -4.0 * (a + Math.Log(1.0 + Math.Exp(-2.0 * a)) - Ln2);
    }

    public double LogSquaredSlopeRate(double x) => -4.0 * Math.Tanh(x);

    /// <summary>sech^4 has poles at x = i pi/2, and sech^4(x) = v has a root every i pi/2 in the tails.</summary>
    public double SingularityDistance => 0.5 * Math.PI;

    /// <summary>sech^4(w) = v: cosh w = v^(-1/4), w = acosh(v^(-1/4)), t = w^2.</summary>
    public Complex SolveSquaredSlope(Complex v)
    {
        Complex c = Complex.Pow(v, -0.25);
        Complex w = Complex.Log(c + Complex.Sqrt(c + 1.0) * Complex.Sqrt(c - 1.0));
        return w * w;
    }

    /// <summary>
    /// Gamma(t) = sech^4(sqrt t): Gamma' = -2 Gamma T, Gamma'' = -2 (Gamma' T + Gamma T'), with T(t) = tanh(w)/w, w = sqrt t,
    /// both even in w; near t = 0 their Taylor series replace the cancelling closed forms.
    /// </summary>
    public (Complex First, Complex Second) SquaredSlopeDerivatives(Complex t, Complex value)
    {
        Complex T, dT;
        if (t.Magnitude < 0.01)
        {
            T = 1.0 + t * (-1.0 / 3.0 + t * (2.0 / 15.0 + t * (-17.0 / 315.0 + t * (62.0 / 2835.0 + t * (-1382.0 / 155925.0)))));
            dT = -1.0 / 3.0 + t * (4.0 / 15.0 + t * (-51.0 / 315.0 + t * (248.0 / 2835.0 + t * (-6910.0 / 155925.0))));
        }
        else
        {
            Complex w = Complex.Sqrt(t);
            if (w.Real < 0.0) w = -w;
            Complex e = Complex.Exp(-2.0 * w);
            Complex tanh = (1.0 - e) / (1.0 + e);
            Complex sech2 = 4.0 * e / ((1.0 + e) * (1.0 + e));
            T = tanh / w;
            dT = (w * sech2 - tanh) / (2.0 * w * t);
        }
        Complex first = -2.0 * value * T;
        return (first, -2.0 * (first * T + value * dT));
    }
}

/// <summary>phi(x) = erf(x), with the closed forms of MATH.md section 2.</summary>
public sealed class ErfActivation : ActivationFunction, IAnalyticSquaredSlope, IComplexSlope
{
    Complex IComplexSlope.Derivative(Complex x) => TwoOverSqrtPi * Complex.Exp(-x * x);
    Complex IComplexSlope.SecondDerivative(Complex x) => -2.0 * TwoOverSqrtPi * x * Complex.Exp(-x * x);
    double IComplexSlope.SlopeStrip => double.PositiveInfinity;
    double? IComplexSlope.PositiveSideSlope => null;

    private static readonly double LogFourOverPi = Math.Log(4.0 / Math.PI);
    private static readonly double TwoOverSqrtPi = 2.0 / Math.Sqrt(Math.PI);
    public override Activation Kind => Activation.Erf;
    public override double Value(double x) => SpecialFunctions.Erf(x);
    public override double Derivative(double x) => TwoOverSqrtPi * Math.Exp(-x * x);
    public override double SecondDerivative(double x) => -2.0 * x * Derivative(x);
    public override bool IsBounded => true;

    /// <summary>erf(u) = (2/sqrt(pi)) sum_k (-1)^k u^(2k+1) / (k! (2k+1)).</summary>
    private static readonly double[] TaylorOdd = ErfTaylor(10);

    private static double[] ErfTaylor(int n)
    {
        var a = new double[n];
        double factorial = 1.0;
        for (int k = 0; k < n; k++)
        {
            if (k > 0) factorial *= k;
            a[k] = TwoOverSqrtPi * (k % 2 == 0 ? 1.0 : -1.0) / (factorial * (2 * k + 1));
        }
        return a;
    }

    /// <summary>The small-q series below 1e-3, the closed forms above.</summary>
    public override double CriticalBiasVariance(double q) =>
        q > 0.0 && q < 1e-3 ? SmallVarianceCriticalBias(TaylorOdd, q) : base.CriticalBiasVariance(q);

    /// <summary>1 - erf^2 = erfc(|x|) (2 - erfc(|x|)), accurate in the tails.</summary>
    public override double SaturationGap(double x)
    {
        double c = SpecialFunctions.Erfc(Math.Abs(x));
        return c * (2.0 - c);
    }

    /// <summary>(2/pi) asin(2q/(1+2q)).</summary>
    public override double MeanSquare(double q) => 2.0 / Math.PI * Math.Asin(2.0 * q / (1.0 + 2.0 * q));

    /// <summary>(4/pi) / sqrt(1+4q).</summary>
    public override double MeanSquaredDerivative(double q) => 4.0 / Math.PI / Math.Sqrt(1.0 + 4.0 * q);

    /// <summary>d/dq of the mean square: (4/pi) / ((1+2q) sqrt(1+4q)).</summary>
    public override double MeanSquareSlope(double q) => 4.0 / Math.PI / ((1.0 + 2.0 * q) * Math.Sqrt(1.0 + 4.0 * q));

    /// <summary>E[erf(m + s z)] = erf(m / sqrt(1 + 2 s^2)).</summary>
    public override double ShiftedMean(double m, double s) => SpecialFunctions.Erf(m / Math.Sqrt(1.0 + 2.0 * s * s));

    /// <summary>E[erf'(m + s z)] = (2/sqrt(pi)) exp(-m^2/(1+2s^2)) / sqrt(1+2s^2).</summary>
    public override double ShiftedMeanDerivative(double m, double s)
    {
        double v = 1.0 + 2.0 * s * s;
        return TwoOverSqrtPi * Math.Exp(-m * m / v) / Math.Sqrt(v);
    }

    /// <summary>phi'(x)^2 = (4/pi) exp(-2 x^2): Gamma(t) = (4/pi) exp(-2t) is entire.</summary>
    public double LogSquaredSlope(double x) => LogFourOverPi - 2.0 * x * x;

    public double LogSquaredSlopeRate(double x) => -4.0 * x;

    public double SingularityDistance => double.PositiveInfinity;

    public Complex SolveSquaredSlope(Complex v) => 0.5 * (LogFourOverPi - Complex.Log(v));

    public (Complex First, Complex Second) SquaredSlopeDerivatives(Complex t, Complex value) => (-2.0 * value, 4.0 * value);
}
