using System;
using System.Numerics;

namespace Isometry.Activations;

/// <summary>
/// phi(x) = 1/(1 + e^-x) = (1 + tanh(x/2))/2. Expectations by quadrature, as for Tanh (it is not odd: the maps need
/// no oddness). Its squared slope is Tanh's at half the argument, phi'(x)^2 = sech^4(x/2)/16, so the continuation of
/// phi'^2 that the spectrum needs is Tanh's, rescaled: Gamma(t) = Gamma_tanh(t/4)/16.
/// </summary>
public sealed class SigmoidActivation : ActivationFunction, IAnalyticSquaredSlope, IComplexSlope
{
    /// <summary>sech^2(x/2)/4.</summary>
    Complex IComplexSlope.Derivative(Complex x) => 0.25 * ComplexFunctions.SechSquared(0.5 * x);
    Complex IComplexSlope.SecondDerivative(Complex x) => -0.25 * ComplexFunctions.Tanh(0.5 * x) * ComplexFunctions.SechSquared(0.5 * x);
    double IComplexSlope.SlopeStrip => Math.PI;
    double? IComplexSlope.PositiveSideSlope => null;

    private static readonly TanhActivation Tanh = new();
    private static readonly double Ln16 = Math.Log(16.0);

    public override Activation Kind => Activation.Sigmoid;

    public override double Value(double x) => Logistic(x);

    /// <summary>1/(1 + e^-x): full relative accuracy for either sign (e^-x overflows to infinity, giving 0, only below -709).</summary>
    internal static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>sech^2(x/2)/4 keeps full relative accuracy in both tails, where sigma(1 - sigma) would cancel.</summary>
    public override double Derivative(double x)
    {
        double c = Math.Cosh(0.5 * x);
        return 0.25 / (c * c);
    }

    public override double SecondDerivative(double x) => -Math.Tanh(0.5 * x) * Derivative(x);

    public override bool IsBounded => true;

    /// <summary>1 - sigma^2 = sigma(-x)(1 + sigma(x)), accurate where sigma saturates at 1.</summary>
    public override double SaturationGap(double x) => Value(-x) * (1.0 + Value(x));

    public double LogSquaredSlope(double x) => Tanh.LogSquaredSlope(0.5 * x) - Ln16;

    public double LogSquaredSlopeRate(double x) => 0.5 * Tanh.LogSquaredSlopeRate(0.5 * x);

    /// <summary>Tanh's poles at x/2 = i pi/2: x = i pi.</summary>
    public double SingularityDistance => 2.0 * Tanh.SingularityDistance;

    /// <summary>Gamma_tanh(t/4)/16 = v: t = 4 Gamma_tanh^-1(16 v).</summary>
    public Complex SolveSquaredSlope(Complex v) => 4.0 * Tanh.SolveSquaredSlope(16.0 * v);

    /// <summary>Gamma'(t) = Gamma_tanh'(t/4)/64 and Gamma''(t) = Gamma_tanh''(t/4)/256.</summary>
    public (Complex First, Complex Second) SquaredSlopeDerivatives(Complex t, Complex value)
    {
        var (first, second) = Tanh.SquaredSlopeDerivatives(0.25 * t, 16.0 * value);
        return (first / 64.0, second / 256.0);
    }
}
