using System;
using System.Linq;
using Isometry.Activations;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

/// <summary>
/// The logistic sigmoid against 30-digit references (mpmath, dps 30: Gaussian expectations by quad over
/// [-inf, -8, -2, 0, 2, 8, inf], fixed points and the critical line by findroot), and the identity that makes its
/// spectra Tanh's: phi'(x)^2 = sech^4(x/2)/16.
/// </summary>
public class SigmoidTests
{
    [Theory]
    [InlineData(4.2, 0.5, 6.82837174623744962681487, 0.4123679520504061061686721)]
    [InlineData(2.0, 0.1, 1.208187014713219960992766, 0.1711679620267670646861841)]
    public void FixedPointAndChiMatchTheReference(double sw, double sb, double qStar, double chi)
    {
        var state = FixedPointSolver.Solve(Activation.Sigmoid, sw, sb);
        Close(qStar, state.QStar!.Value, 1e-12, what: "q*");
        Close(chi, state.Chi, 1e-12, what: "chi");
        Assert.Equal(Regime.Ordered, state.Regime);
    }

    [Fact]
    public void WithoutBiasTheFixedPointIsNotZero()
    {
        // f(0) = sw^2 sigma(0)^2 = sw^2 / 4 > 0: q = 0 is not a fixed point even where the map's slope there is small
        // (an earlier version reported q* = 0 because f'(0) <= 1).
        var state = FixedPointSolver.Solve(Activation.Sigmoid, 1.0, 0.0);
        var map = new LengthMap(Activation.Sigmoid, 1.0, 0.0);
        Assert.True(state.QStar > 0.25);
        Close(state.QStar!.Value, map.Value(state.QStar!.Value), 1e-14, what: "f(q*) = q*");
    }

    [Theory]
    [InlineData(0.0, 10.14926371001952645269573, 45.62427779737971282716162)]
    [InlineData(0.5, 10.17885955104957215590429, 46.17377347418616232009858)]
    public void CriticalLineMatchesTheReferenceAndIsNotAtZeroWithoutBias(double sb, double sw, double qStar)
    {
        // Not odd: f(0) = sw^2 / 4 > 0, so even without bias the critical point has q* > 0 (about 45.6).
        var point = CriticalLineSolver.Solve(Activation.Sigmoid, sb);
        Close(sw, point.WeightStd, 1e-12, what: "critical WeightStd");
        Close(qStar, point.QStar!.Value, 1e-12, what: "q*");
        Close(1.0, point.Chi, 1e-13, what: "chi");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(4.0)]
    [InlineData(45.6)]
    public void TheLawOfDSquaredIsTanhsAtHalfTheArgumentOverSixteen(double q)
    {
        // E[phi'(sqrt(q) z)^(2k)] by quadrature of the sigmoid's own derivative, against Tanh's at q/4 over 16^k: two
        // different integrands, so the identity and the continuation built on it are checked independently.
        var sigmoid = ActivationFunction.For(Activation.Sigmoid);
        var tanh = ActivationFunction.For(Activation.Tanh);
        var law = new SmoothLaw(sigmoid, q).Moments(4);
        for (int k = 1; k <= 4; k++)
        {
            int power = 2 * k;
            double own = sigmoid.OverU(q, u => Math.Pow(1.0 / (1.0 + Math.Exp(-u)) * (1.0 - 1.0 / (1.0 + Math.Exp(-u))), power));
            double viaTanh = tanh.OverU(q / 4, u => Math.Pow(tanh.Derivative(u), power)) / Math.Pow(16, k);
            Close(own, viaTanh, 1e-12, what: $"mu_{k}");
            Close(own, law[k], 1e-12, what: $"SmoothLaw mu_{k}");
        }
    }

    [Theory]
    [InlineData(WeightInit.Orthogonal)]
    [InlineData(WeightInit.Gaussian)]
    public void CriticalSpectraHaveUnitMassAndTheirDensityGivesTheExactMoments(WeightInit init)
    {
        var point = CriticalLineSolver.Solve(Activation.Sigmoid, 0.5);
        foreach (int depth in new[] { 2, 10 })
        {
            var s = JacobianSpectrumSolver.Solve(init, Activation.Sigmoid, point.WeightStd, 0.5, depth);
            Assert.Null(s.DensityError);
            Close(1.0, s.ContinuousMass!.Value, 0, 1e-5, $"mass at L = {depth}");
            var exact = SpectralMoments.OfSpectrum(s, 4);
            var fromDensity = SpectralMoments.OfDensityRows(s.Density, 4).Single();
            for (int k = 1; k <= 4; k++) Close(exact.Moment(k), fromDensity.Moment(k), 1e-4, what: $"m_{k} at L = {depth}");
        }
    }
}
