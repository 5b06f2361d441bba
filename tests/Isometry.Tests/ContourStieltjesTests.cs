using System;
using System.Numerics;
using Isometry.Activations;
using Isometry.FreeProbability;
using Xunit;

namespace Isometry.Tests;

/// <summary>
/// The bent-path Stieltjes transform (any analytic slope) against the even-slope route with its pole subtracted, which
/// StieltjesTests checks against brute force and the Plemelj formula: Tanh, Erf and Sigmoid go both ways.
/// </summary>
public class ContourStieltjesTests
{
    private static void Close(Complex expected, Complex actual, double rel, string what)
    {
        double err = (expected - actual).Magnitude;
        Assert.True(err <= rel * expected.Magnitude, $"{what}: expected {expected}, got {actual} (relative {err / expected.Magnitude:E3})");
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.5, 0.5, 0.02)]
    [InlineData(Activation.Tanh, 0.5, 0.5, 0.0)]
    [InlineData(Activation.Tanh, 0.5, 0.999, 0.001)]
    [InlineData(Activation.Tanh, 0.5, 0.999999, 0.0)]
    [InlineData(Activation.Tanh, 0.5, 0.01, 0.01)]
    [InlineData(Activation.Tanh, 0.5, 1e-8, 0.0)]
    [InlineData(Activation.Tanh, 0.5, -0.3, 0.0)]
    [InlineData(Activation.Tanh, 0.5, 1.3, 0.0)]
    [InlineData(Activation.Tanh, 0.5, 1.0 + 1e-12, 0.0)]
    [InlineData(Activation.Tanh, 4.0, 1e-3, 1e-4)]
    [InlineData(Activation.Tanh, 0.01, 0.98, 0.001)]
    [InlineData(Activation.Tanh, 100.0, 0.3, 0.0)]
    [InlineData(Activation.Erf, 0.8, 0.6, 0.01)]
    [InlineData(Activation.Erf, 0.8, 0.6, 0.0)]
    [InlineData(Activation.Erf, 2.0, 1e-6, 1e-6)]
    [InlineData(Activation.Erf, 0.3, -2.0, 0.5)]
    [InlineData(Activation.Sigmoid, 1.5, 0.03, 0.0)]
    [InlineData(Activation.Sigmoid, 1.5, 0.0624, 1e-5)]
    public void MatchesTheEvenRoute(Activation a, double q, double re, double im)
    {
        var phi = ActivationFunction.For(a);
        var even = new SquaredSlopeStieltjes((IAnalyticSquaredSlope)phi, q);
        var bent = new ContourStieltjes((IComplexSlope)phi, q);
        Assert.Equal(even.MaxValue, bent.MaxValue, 12);
        var zeta = new Complex(re, im);
        var e = even.EvaluateWithMoment(zeta);
        var b = bent.EvaluateWithMoment(zeta);
        // Next to the top of the support zeta - g cancels: g's few ulps of rounding become 4e-16/|zeta/top - 1| of G.
        double edge = 5e-15 / Math.Max((zeta - bent.MaxValue).Magnitude / bent.MaxValue, 1e-300);
        Close(e.G, b.G, 1e-12 + edge, "G");
        // The even route's G' is the less accurate of the two (2e-11 against a 30-digit reference at Erf, q = 0.8,
        // zeta = 0.6 + 0.01i, where this one is within 4e-13): see the reference test below.
        Close(e.DG, b.DG, 5e-11 + edge, "G'");
        Close(e.M, b.M, 1e-12 + edge, "M");
        Close(e.DM, b.DM, 5e-11 + edge, "M'");
    }

    /// <summary>
    /// G for activations whose phi'^2 is not even (so only this route applies), against 40-digit mpmath quadrature on
    /// the real line with breaks at the poles' real parts (zeta off the axis, where that quadrature is valid), down to
    /// zeta ~ 1e-20 where the poles crowd a zero of phi' (SiLU, GELU) or sit far out in the Gaussian's tail (Softplus).
    /// </summary>
    [Theory]
    [InlineData(Activation.SiLU, 0.14897190290574608, 0.5, 0.01, 3.2569844324647250805, -2.7264508871410232311)]
    [InlineData(Activation.SiLU, 0.14897190290574608, 0.3, 0.002, 1.9625749208412032445, -5.7436118681258101619)]
    [InlineData(Activation.SiLU, 0.14897190290574608, -1e-20, 3e-20, -281908200.24616853151, -203187928.81964091407)]
    [InlineData(Activation.SiLU, 2.0, 1.1, 0.001, 0.19690339523911407176, -1.8125257132429942839)]
    [InlineData(Activation.GELU, 0.7, 0.4, 0.003, 0.92354071119187259273, -1.5004332325521309422)]
    [InlineData(Activation.GELU, 0.7, 1e-12, 1e-12, -746252.87095657572544, -1801315.1136318711236)]
    [InlineData(Activation.Softplus, 1.5, 0.25, 0.001, 1.0566352738769003587, -4.0887152736548108265)]
    [InlineData(Activation.Softplus, 1.5, 1e-30, 1e-30, -25.319536956413017078, -1.6630100769071410372e-25)]
    public void MatchesIndependentQuadrature(Activation a, double q, double re, double im, double gRe, double gIm)
    {
        var bent = new ContourStieltjes((IComplexSlope)ActivationFunction.For(a), q);
        var zeta = new Complex(re, im);
        var v = bent.EvaluateWithMoment(zeta);
        Close(new Complex(gRe, gIm), v.G, 1e-12, "G");
        // M = zeta G - 1 (summed separately) and G' by a central difference in the upper half plane (where the step
        // changes G by more than its rounding: not at Softplus' zeta = 1e-30, where G is flat).
        Close(zeta * v.G - 1.0, v.M, 1e-11, "M");
        var h = 1e-5 * zeta.Magnitude;
        if ((v.DG * h).Magnitude > 1e-6 * v.G.Magnitude)
        {
            Complex fd = (bent.EvaluateWithMoment(zeta + h).G - bent.EvaluateWithMoment(zeta - h).G) / (2.0 * h);
            Close(fd, v.DG, 1e-7, "G'");
        }
    }
}

/// <summary>A custom expression's slope compiled over complex x gives the built-in activation's spectrum.</summary>
public class CustomSpectrumTests
{
    [Theory]
    [InlineData("x / (1 + Math.Exp(-x))", Activation.SiLU, WeightInit.Gaussian, 10)]
    [InlineData("Math.Log(1 + Math.Exp(x))", Activation.Softplus, WeightInit.Orthogonal, 5)]
    [InlineData("Math.Tanh(x)", Activation.Tanh, WeightInit.Orthogonal, 20)]
    public void ACustomExpressionHasTheBuiltInDensity(string expression, Activation builtIn, WeightInit init, int depth)
    {
        var custom = JacobianSpectrumSolver.Solve(JacobianSpectrumSolver.Prepare(ActivationFunction.For(Activation.Custom, expression), 1.2, 0.3), init, depth);
        var reference = JacobianSpectrumSolver.Solve(init, builtIn, 1.2, 0.3, depth);
        Assert.True(custom.HasDensity, custom.DensityError);
        Assert.Equal(reference.LambdaMax!.Value, custom.LambdaMax!.Value, 1e-9 * reference.LambdaMax.Value);
        Assert.Equal(reference.ContinuousMass!.Value, custom.ContinuousMass!.Value, 1e-7);
        foreach (double p in new[] { 0.1, 0.5, 0.9 })
        {
            double x = reference.Quantile(p);
            Assert.Equal(reference.FractionBelow(x), custom.FractionBelow(x), 1e-6);
        }
    }

    [Fact]
    public void AnExpressionWithAConditionalHasMomentsOnly()
    {
        var s = JacobianSpectrumSolver.Solve(JacobianSpectrumSolver.Prepare(
            ActivationFunction.For(Activation.Custom, "x > 0 ? x : 0.1 * (Math.Exp(x) - 1)"), 1.2, 0.3), WeightInit.Gaussian, 5);
        Assert.False(s.HasDensity);
        Assert.Contains("no continuation", s.DensityError);
    }
}
