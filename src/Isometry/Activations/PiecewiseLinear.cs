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

    /// <summary>q (erf(a/sqrt2) - 2 a pdf(a)) + erfc(a/sqrt2), a = 1/sqrt(q).</summary>
    public override double MeanSquare(double q)
    {
        if (q <= 0.0) return 0.0;
        double a = 1.0 / Math.Sqrt(q);
        return q * (MathNet.Numerics.SpecialFunctions.Erf(a / Sqrt2) - 2.0 * a * Pdf(a))
             + MathNet.Numerics.SpecialFunctions.Erfc(a / Sqrt2);
    }

    /// <summary>p(q) = erf(1/sqrt(2q)).</summary>
    public override double MeanSquaredDerivative(double q) =>
        q <= 0.0 ? 1.0 : MathNet.Numerics.SpecialFunctions.Erf(1.0 / Math.Sqrt(2.0 * q));

    /// <summary>p(q) - 2 exp(-1/(2q)) / sqrt(2 pi q): the kinks' delta masses in phi'' enter here.</summary>
    public override double MeanSquareSlope(double q) =>
        q <= 0.0 ? 1.0 : MeanSquaredDerivative(q) - 2.0 * Math.Exp(-0.5 / q) / Math.Sqrt(2.0 * Math.PI * q);

    public override double? LinearFraction(double q) => MeanSquaredDerivative(q);

    /// <summary>E[clip(X)] for X ~ N(m, s^2): the two saturated tails plus the truncated mean in between.</summary>
    public override double ShiftedMean(double m, double s)
    {
        if (s == 0.0) return Value(m);
        double a = (-1.0 - m) / s, b = (1.0 - m) / s;
        return Cdf(-b) - Cdf(a) + m * (Cdf(b) - Cdf(a)) + s * (Pdf(a) - Pdf(b));
    }

    public override double ShiftedMeanDerivative(double m, double s)
    {
        if (s == 0.0) return Derivative(m);
        return Cdf((1.0 - m) / s) - Cdf((-1.0 - m) / s);
    }
}
