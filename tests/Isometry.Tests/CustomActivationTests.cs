using System;
using System.Linq;
using System.Linq.Expressions;
using Isometry.Activations;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

/// <summary>
/// A user's activation from an expression: equal to the built-in one it spells (Tanh, SiLU, GELU) to 1e-12, exact
/// symbolic derivatives, a positively homogeneous expression on ReLU's route, and clear errors.
/// </summary>
public class CustomActivationTests
{
    [Theory]
    [InlineData("Math.Tanh(x)", Activation.Tanh, 1.5, 0.3)]
    [InlineData("Math.Tanh(x)", Activation.Tanh, 0.9, 0.05)]
    [InlineData("x / (1 + Math.Exp(-x))", Activation.SiLU, 1.2, 0.3)]
    [InlineData("x * 0.5 * (1 + Erf(x / Math.Sqrt(2)))", Activation.GELU, 1.3, 0.2)]
    [InlineData("Math.Log(1 + Math.Exp(x))", Activation.Softplus, 1.2, 0.3)]
    public void AnExpressionGivesTheBuiltInNumbers(string expression, Activation builtIn, double sw, double sb)
    {
        var custom = CustomActivation.Compile(expression);
        var mine = FixedPointSolver.Solve(custom, sw, sb);
        var theirs = FixedPointSolver.Solve(builtIn, sw, sb);
        Assert.Equal(Activation.Custom, mine.Activation);
        Assert.Equal(expression, mine.Expression);
        Close(theirs.QStar!.Value, mine.QStar!.Value, 1e-12, what: "q*");
        Close(theirs.Chi, mine.Chi, 1e-12, what: "chi");
        Close(theirs.Slope, mine.Slope, 1e-11, what: "slope");
        Assert.Equal(theirs.Regime, mine.Regime);
        if (builtIn == Activation.Softplus) return;
        var line = CriticalLineSolver.Solve(custom, sb);
        var reference = CriticalLineSolver.Solve(builtIn, sb);
        Close(reference.WeightStd, line.WeightStd, 1e-12, what: "critical WeightStd");
        Close(reference.QStar!.Value, line.QStar!.Value, 1e-11, what: "critical q*");
        Assert.Equal(reference.IsStable, line.IsStable);
    }

    [Fact]
    public void ACustomTanhSpectrumHasTanhsMoments()
    {
        var custom = JacobianSpectrumSolver.Solve(JacobianSpectrumSolver.Prepare(CustomActivation.Compile("Math.Tanh(x)"), 1.3, 0.2), WeightInit.Orthogonal, 6);
        var tanh = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.Tanh, 1.3, 0.2, 6);
        var a = SpectralMoments.OfSpectrum(custom, 4);
        var b = SpectralMoments.OfSpectrum(tanh, 4);
        for (int k = 1; k <= 4; k++) Close(b.Moment(k), a.Moment(k), 1e-11, what: $"m_{k}");
        Assert.True(custom.HasDensity, custom.DensityError);   // by the bent path over the expression compiled for complex x
        Assert.Equal("Math.Tanh(x)", custom.Expression);
    }

    [Theory]
    [InlineData("Math.Pow(x, 3) - 2 * x", "3 * x * x - 2")]
    [InlineData("Math.Sqrt(1 + x * x)", "x / Math.Sqrt(1 + x * x)")]
    [InlineData("Math.Atan(x) * Math.Exp(-x * x)", "Math.Exp(-x * x) * (1 / (1 + x * x) - 2 * x * Math.Atan(x))")]
    [InlineData("x > 0 ? x : Math.Exp(x) - 1", "x > 0 ? 1 : Math.Exp(x)")]
    [InlineData("Math.Max(0.1 * x, x)", "x >= 0 ? 1 : 0.1")]
    [InlineData("Math.Abs(x) * Math.Sin(x)", "Math.Sign(x) * Math.Sin(x) + Math.Abs(x) * Math.Cos(x)")]
    [InlineData("Erf(2 * x)", "4 / Math.Sqrt(Math.PI) * Math.Exp(-4 * x * x)")]
    [InlineData("Math.Pow(2, x) / Math.Cosh(x)", "Math.Pow(2, x) * (Math.Log(2) - Math.Tanh(x)) / Math.Cosh(x)")]
    [InlineData("Math.Log(2 + Math.Sin(x), 3)", "Math.Cos(x) / ((2 + Math.Sin(x)) * Math.Log(3))")]
    public void SymbolicDerivativesAreExact(string expression, string derivative)
    {
        // The symbolic derivative against a hand-derived one, evaluated as a separate expression (the user's -Derivative
        // path, which is itself checked against the expression's slope when compiled).
        var symbolic = CustomActivation.Compile(expression);
        var byHand = CustomActivation.Compile(expression, derivative);
        foreach (double x in new[] { -3.1, -0.7, 0.013, 0.5, 1.9, 4.4 })
            Close(byHand.Derivative(x), symbolic.Derivative(x), 1e-14, 1e-300, $"phi'({x}) of {expression}");
        Assert.True(symbolic.DerivativeIsSymbolic);
    }

    [Fact]
    public void SecondDerivativesComeFromTheDerivativesTree()
    {
        var phi = CustomActivation.Compile("x * Math.Tanh(x)");
        foreach (double x in new[] { -2.0, 0.3, 1.5 })
        {
            double s = 1 / Math.Cosh(x);
            Close(2 * s * s - 2 * x * Math.Tanh(x) * s * s, phi.SecondDerivative(x), 1e-14, what: $"phi''({x})");
        }
    }

    [Fact]
    public void APositivelyHomogeneousExpressionTakesReLUsRoute()
    {
        // A leaky ReLU: E[phi'^2] = (1 + a^2)/2 at every q, so chi = 1 fixes WeightStd = sqrt(2 / (1 + a^2)), and with a bias
        // there is no critical point.
        var leaky = CustomActivation.Compile("x > 0 ? x : 0.1 * x");
        Assert.True(leaky.IsPositivelyHomogeneous);
        var point = CriticalLineSolver.Solve(leaky, 0.0);
        Close(Math.Sqrt(2 / 1.01), point.WeightStd, 1e-12);
        Assert.Null(point.QStar);
        Assert.Throws<NoSolutionException>(() => CriticalLineSolver.Solve(leaky, 0.1));
        var state = FixedPointSolver.Solve(leaky, 1.0, 0.1);
        Close(0.01 / (1 - 0.505), state.QStar!.Value, 1e-12, what: "q* = sb^2 / (1 - sw^2 (1 + a^2)/2)");
        Assert.False(CustomActivation.Compile("Math.Tanh(x)").IsPositivelyHomogeneous);
        Assert.False(CustomActivation.Compile("x / (1 + Math.Exp(-x))").IsPositivelyHomogeneous);
    }

    [Theory]
    [InlineData("x * Math.Tanhh(x)", "ExpressionInvalid", "position 9")]
    [InlineData("x *", "ExpressionInvalid", "position 3")]
    [InlineData("y + 1", "ExpressionInvalid", "position 0")]
    [InlineData("Math.Log(x)", "ExpressionNotFinite", "not finite at x = ")]
    [InlineData("Math.IEEERemainder(x, 2.0)", "ExpressionNotDifferentiable", "give it with -Derivative")]
    [InlineData(" ", "ExpressionMissing", "needs -Expression")]
    public void BadExpressionsAreClearErrors(string expression, string id, string says)
    {
        var ex = Assert.Throws<InvalidExpressionException>(() => CustomActivation.Compile(expression));
        Assert.Equal(id, ex.ErrorId);
        Assert.Contains(says, ex.Message);
    }

    [Fact]
    public void AWrongDerivativeIsRejected()
    {
        var ex = Assert.Throws<InvalidExpressionException>(() => CustomActivation.Compile("Math.Tanh(x)", "1 - Math.Tanh(x)"));
        Assert.Equal("DerivativeMismatch", ex.ErrorId);
        Assert.Same(CustomActivation.Compile("Math.Tanh(x)"), CustomActivation.Compile("Math.Tanh(x)"));
    }
}
