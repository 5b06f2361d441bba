using System;
using MathNet.Numerics;

namespace Isometry.Activations;

/// <summary>phi(x) = tanh(x). No closed forms: every expectation is by quadrature.</summary>
public sealed class TanhActivation : ActivationFunction
{
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
}

/// <summary>phi(x) = erf(x), with the closed forms of MATH.md section 2.</summary>
public sealed class ErfActivation : ActivationFunction
{
    private static readonly double TwoOverSqrtPi = 2.0 / Math.Sqrt(Math.PI);
    public override Activation Kind => Activation.Erf;
    public override double Value(double x) => SpecialFunctions.Erf(x);
    public override double Derivative(double x) => TwoOverSqrtPi * Math.Exp(-x * x);
    public override double SecondDerivative(double x) => -2.0 * x * Derivative(x);
    public override bool IsBounded => true;

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
}
