using System.Linq;
using System;
using Isometry.Activations;
using MathNet.Numerics;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

public class ActivationTests
{
    private static readonly ActivationFunction HardTanh = ActivationFunction.For(Activation.HardTanh);
    private static readonly ActivationFunction Erf = ActivationFunction.For(Activation.Erf);
    private static readonly ActivationFunction Tanh = ActivationFunction.For(Activation.Tanh);

    public static TheoryData<double> Variances => new() { 1e-4, 0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 1e3, 1e5 };

    [Theory]
    [MemberData(nameof(Variances))]
    public void HardTanhLinearFractionIsErfOfOneOverSqrtTwoQ(double q)
    {
        double p = SpecialFunctions.Erf(1.0 / Math.Sqrt(2.0 * q));
        Close(p, HardTanh.LinearFraction(q)!.Value, 1e-15);
        // The same probability by quadrature of the indicator |sqrt(q) z| < 1.
        Close(p, HardTanh.NumericMeanSquaredDerivative(q), 1e-12);
    }

    [Theory]
    [MemberData(nameof(Variances))]
    public void HardTanhMeanSquareClosedFormMatchesQuadrature(double q) =>
        Close(HardTanh.NumericMeanSquare(q), HardTanh.MeanSquare(q), 1e-12);

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void HardTanhMapSlopeIsTheDerivativeOfTheMeanSquare(double q)
    {
        // Central difference of the closed-form mean square (error ~ h^2 f''' ~ 1e-10).
        double h = 1e-5 * q;
        double fd = (HardTanh.MeanSquare(q + h) - HardTanh.MeanSquare(q - h)) / (2 * h);
        Close(fd, HardTanh.MeanSquareSlope(q), 1e-8);
        // And the MATH.md form p - 2 exp(-1/(2q)) / sqrt(2 pi q).
        double expected = SpecialFunctions.Erf(1.0 / Math.Sqrt(2.0 * q)) - 2.0 * Math.Exp(-1.0 / (2.0 * q)) / Math.Sqrt(2.0 * Math.PI * q);
        Close(expected, HardTanh.MeanSquareSlope(q), 1e-14);
    }

    [Theory]
    [MemberData(nameof(Variances))]
    public void ErfClosedFormsMatchQuadrature(double q)
    {
        Close(Erf.NumericMeanSquare(q), Erf.MeanSquare(q), 1e-12, what: "E[phi^2]");
        Close(Erf.NumericMeanSquaredDerivative(q), Erf.MeanSquaredDerivative(q), 1e-12, what: "E[phi'^2]");
        Close(Erf.NumericMeanSquareSlope(q), Erf.MeanSquareSlope(q), 1e-11, what: "d/dq E[phi^2]");
    }

    [Theory]
    [InlineData(0.3, 0.2)]
    [InlineData(-1.5, 0.7)]
    [InlineData(2.0, 3.0)]
    public void ShiftedMeansMatchQuadratureForEveryActivation(double m, double s)
    {
        // Custom has no function of its own until an expression is given (its own tests cover it).
        foreach (Activation kind in Enum.GetValues<Activation>().Where(k => k != Activation.Custom))
        {
            var phi = ActivationFunction.For(kind);
            double mean = Numerics.GaussianExpectation.Of(z => phi.Value(m + s * z), -m / s, 1.0 / s, Kinks(phi, m, s));
            double slope = Numerics.GaussianExpectation.Of(z => phi.Derivative(m + s * z), -m / s, 1.0 / s, Kinks(phi, m, s));
            Close(mean, phi.ShiftedMean(m, s), 1e-12, 1e-15, $"{kind} E[phi(m+sz)]");
            Close(slope, phi.ShiftedMeanDerivative(m, s), 1e-12, 1e-15, $"{kind} E[phi'(m+sz)]");
        }
    }

    private static double[] Kinks(ActivationFunction phi, double m, double s) =>
        Array.ConvertAll(phi.Kinks, k => (k - m) / s);

    [Theory]
    [InlineData(1e-3)]
    [InlineData(3e-3)]
    public void TanhMatchesItsSmallVarianceSeries(double q)
    {
        // Term by term: tanh^2 x and sech^4 x as power series, E[z^2k] = (2k-1)!!. The first omitted terms are
        // (1382/15) q^5 and (502/3) q^4, so the tolerances sit just above them.
        double mean = q - 2 * q * q + 17.0 / 3 * Math.Pow(q, 3) - 62.0 / 3 * Math.Pow(q, 4);
        Close(mean, Tanh.MeanSquare(q), 0.0, 1382.0 / 15 * 1.5 * Math.Pow(q, 5));
        double derivative = 1 - 2 * q + 7 * q * q - 94.0 / 3 * Math.Pow(q, 3);
        Close(derivative, Tanh.MeanSquaredDerivative(q), 0.0, 502.0 / 3 * 1.5 * Math.Pow(q, 4));
    }

    [Theory]
    [InlineData(1e4)]
    [InlineData(1e6)]
    public void TanhMatchesItsLargeVarianceAsymptotics(double q)
    {
        // For large q the derivative lives on |z| < 1/sqrt(q): E[sech^4(sqrt(q) z)] ~ pdf(0) (4/3) / sqrt(q).
        double pdf0 = 1.0 / Math.Sqrt(2 * Math.PI);
        Close(pdf0 * 4.0 / 3.0 / Math.Sqrt(q), Tanh.MeanSquaredDerivative(q), 1.0 / q);
        // E[tanh^2] = 1 - E[sech^2] ~ 1 - 2 pdf(0) / sqrt(q).
        Close(1 - 2 * pdf0 / Math.Sqrt(q), Tanh.MeanSquare(q), 0.0, 5.0 / Math.Pow(q, 1.5));
    }

    [Fact]
    public void TanhSlopeIsTheDerivativeOfItsMeanSquare()
    {
        foreach (double q in new[] { 0.05, 0.5, 2.0, 20.0 })
        {
            double h = 1e-4 * q;
            double fd = (Tanh.MeanSquare(q + h) - Tanh.MeanSquare(q - h)) / (2 * h);
            Close(fd, Tanh.MeanSquareSlope(q), 1e-7, what: $"q = {q}");
        }
    }

    [Fact]
    public void ReLUAndLinearExpectationsAreExact()
    {
        var relu = ActivationFunction.For(Activation.ReLU);
        Close(1.15, relu.NumericMeanSquare(2.3), 1e-13);
        Close(0.5, relu.NumericMeanSquaredDerivative(2.3), 1e-13);
        Close(2.3, ActivationFunction.For(Activation.Linear).NumericMeanSquare(2.3), 1e-13);
    }
}

public class HighMomentTests
{
    /// <summary>E[phi'(u)^(2k)] for Erf has the closed form (4/pi)^k / sqrt(1 + 4 k q): the quadrature behind every
    /// smooth activation's D^2 moments must hold it to the highest order Measure-SpectralMoment allows.</summary>
    [Theory]
    [InlineData(0.05)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void ErfSquaredSlopeMomentsByQuadratureMatchTheClosedFormUpToOrder64(double q)
    {
        var erf = ActivationFunction.For(Activation.Erf);
        for (int k = 1; k <= 64; k++)
        {
            int power = 2 * k;
            double numeric = erf.OverU(q, u => Math.Pow(erf.Derivative(u), power));
            Assertions.Close(Math.Pow(4.0 / Math.PI, k) / Math.Sqrt(1.0 + 4.0 * k * q), numeric, 1e-12, what: $"mu_{k} at q {q}");
        }
    }
}
