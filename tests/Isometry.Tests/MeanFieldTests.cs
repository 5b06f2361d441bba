using System;
using System.Linq;
using Isometry.Activations;
using Isometry.MeanField;
using Isometry.Numerics;
using MathNet.Numerics;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

public class FixedPointTests
{
    [Theory]
    [InlineData(0.5, 0.1)]
    [InlineData(1.0, 0.3)]
    [InlineData(1.3, 1.0)]
    [InlineData(1.41, 0.05)]
    public void ReLUFixedPointIsClosedForm(double sw, double sb)
    {
        var s = FixedPointSolver.Solve(Activation.ReLU, sw, sb);
        Close(sb * sb / (1 - sw * sw / 2), s.QStar!.Value, 1e-14);
        Close(sw * sw / 2, s.Chi, 1e-15);
        Assert.Equal(0.5, s.LinearFraction);
        Assert.Equal(Regime.Ordered, s.Regime);
        Close(-1 / Math.Log(sw * sw / 2), s.DepthScaleQ!.Value, 1e-14);
    }

    [Theory]
    [InlineData(1.5, 0.0)]
    [InlineData(2.0, 0.3)]
    [InlineData(1.4142135623730951, 0.1)]
    public void ReLUAboveSqrtTwoOrAtItWithBiasIsUnbounded(double sw, double sb)
    {
        var s = FixedPointSolver.Solve(Activation.ReLU, sw, sb);
        Assert.Equal(Regime.Unbounded, s.Regime);
        Assert.Equal(double.PositiveInfinity, s.QStar);
        Assert.False(s.IsStable);
        Assert.Null(s.DepthScaleQ);
    }

    [Fact]
    public void ReLUAtSqrtTwoWithoutBiasIsMarginal()
    {
        var s = FixedPointSolver.Solve(Activation.ReLU, Math.Sqrt(2), 0.0);
        Assert.Equal(Regime.Critical, s.Regime);
        Assert.Null(s.QStar);
        Close(1.0, s.Chi, 1e-15);
        Assert.Equal(double.PositiveInfinity, s.DepthScaleQ);
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.8, 0.64)]
    [InlineData(Activation.HardTanh, 0.9, 0.81)]
    [InlineData(Activation.Erf, 0.8, 0.64 * 4 / Math.PI)]
    public void WithoutBiasBelowThresholdQStarIsZeroAndChiIsSwSquaredTimesPhiPrimeZeroSquared(Activation a, double sw, double chi)
    {
        var s = FixedPointSolver.Solve(a, sw, 0.0);
        Assert.Equal(0.0, s.QStar);
        Close(chi, s.Chi, 1e-15);
        Close(chi, s.Slope, 1e-15);
        Assert.Equal(Regime.Ordered, s.Regime);
    }

    public static TheoryData<Activation, double, double> BoundedPoints => new()
    {
        { Activation.Tanh, 0.5, 0.05 }, { Activation.Tanh, 1.0, 0.05 }, { Activation.Tanh, 1.5, 0.05 },
        { Activation.Tanh, 3.0, 0.0 }, { Activation.Tanh, 1.2, 2.0 }, { Activation.HardTanh, 1.1, 0.1 },
        { Activation.HardTanh, 4.0, 0.3 }, { Activation.Erf, 1.3, 0.2 }, { Activation.Erf, 0.2, 1.0 },
    };

    [Theory]
    [MemberData(nameof(BoundedPoints))]
    public void QStarIsAStableFixedPointOfTheLengthMap(Activation a, double sw, double sb)
    {
        var s = FixedPointSolver.Solve(a, sw, sb);
        var map = new LengthMap(a, sw, sb);
        double q = s.QStar!.Value;
        Assert.True(q > 0);
        Close(q, map.Value(q), 1e-13, what: "f(q*)");
        Assert.True(s.IsStable && s.Slope < 1 && s.Slope > 0);
        Close(sw * sw * ActivationFunction.For(a).MeanSquaredDerivative(q), s.Chi, 1e-15);
        Close(-1 / Math.Log(s.Slope), s.DepthScaleQ!.Value, 1e-13);
    }

    [Fact]
    public void IteratingTheLengthMapConvergesToQStar()
    {
        var map = new LengthMap(Activation.Tanh, 1.3, 0.2);
        double qStar = FixedPointSolver.Solve(Activation.Tanh, 1.3, 0.2).QStar!.Value;
        double last = map.Iterate(5.0, 200).Last().Q;
        Close(qStar, last, 1e-12);
    }

    [Fact]
    public void ErfThresholdWithoutBiasIsSqrtPiOverTwo()
    {
        double threshold = Math.Sqrt(Math.PI) / 2;
        Assert.Equal(0.0, FixedPointSolver.Solve(Activation.Erf, threshold * 0.999, 0.0).QStar);
        Assert.True(FixedPointSolver.Solve(Activation.Erf, threshold * 1.01, 0.0).QStar > 1e-3);
    }

    [Fact]
    public void HardTanhChiIsSwSquaredTimesLinearFraction()
    {
        var s = FixedPointSolver.Solve(Activation.HardTanh, 1.7, 0.4);
        double p = SpecialFunctions.Erf(1 / Math.Sqrt(2 * s.QStar!.Value));
        Close(p, s.LinearFraction!.Value, 1e-15);
        Close(1.7 * 1.7 * p, s.Chi, 1e-14);
    }

    [Fact]
    public void LinearDepthScaleIsMinusOneOverLogSwSquared()
    {
        var s = FixedPointSolver.Solve(Activation.Linear, 0.5, 1.0);
        Close(1 / (1 - 0.25), s.QStar!.Value, 1e-15);
        Close(1 / Math.Log(4), s.DepthScaleQ!.Value, 1e-15);
        Close(1 / Math.Log(4), s.DepthScaleC!.Value, 1e-15);
    }

    [Fact]
    public void RejectsNegativeAndNonFiniteSigmas()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointSolver.Solve(Activation.Tanh, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointSolver.Solve(Activation.Tanh, double.NaN, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedPointSolver.Solve(Activation.Tanh, 1, double.PositiveInfinity));
    }
}

public class CorrelationMapTests
{
    [Theory]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(0.4)]
    [InlineData(0.9)]
    public void ReLUCorrelationMapIsTheArcCosineKernel(double c)
    {
        double sw = 1.2, sb = 0.3, q = 0.7;
        var map = new CorrelationMap(Activation.ReLU, sw, sb, q);
        double kernel = q / (2 * Math.PI) * (Math.Sqrt(1 - c * c) + (Math.PI - Math.Acos(c)) * c);
        Close((sw * sw * kernel + sb * sb) / q, map.Value(c), 1e-12);
        Close(sw * sw * (Math.PI - Math.Acos(c)) / (2 * Math.PI), map.Slope(c), 1e-12);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    [InlineData(0.99)]
    public void ErfCorrelationMapMatchesItsClosedForm(double c)
    {
        double sw = 2.0, sb = 0.1, q = 1.5;
        var map = new CorrelationMap(Activation.Erf, sw, sb, q);
        double cross = 2 / Math.PI * Math.Asin(2 * q * c / (1 + 2 * q));
        Close((sw * sw * cross + sb * sb) / q, map.Value(c), 1e-12);
        double derivative = 4 / Math.PI / Math.Sqrt((1 + 2 * q) * (1 + 2 * q) - 4 * q * q * c * c);
        Close(sw * sw * derivative, map.Slope(c), 1e-12);
    }

    [Fact]
    public void AtQStarTheMapFixesOneWithSlopeChi()
    {
        foreach (var a in new[] { Activation.Tanh, Activation.HardTanh, Activation.Erf })
        {
            var s = FixedPointSolver.Solve(a, 1.6, 0.2);
            var map = new CorrelationMap(a, 1.6, 0.2, s.QStar!.Value);
            Close(1.0, map.Value(1.0), 1e-12, what: $"{a} C(1)");
            Close(s.Chi, map.Slope(1.0), 1e-12, what: $"{a} C'(1)");
        }
    }

    [Fact]
    public void ChaoticTanhHasAnAttractingCorrelationBelowOne()
    {
        var s = FixedPointSolver.Solve(Activation.Tanh, 2.0, 0.3);
        Assert.Equal(Regime.Chaotic, s.Regime);
        double c = s.CStar!.Value;
        Assert.InRange(c, 0.0, 0.999);
        var map = new CorrelationMap(Activation.Tanh, 2.0, 0.3, s.QStar!.Value);
        Close(c, map.Value(c), 1e-12);
        double chiC = map.Slope(c);
        Assert.True(chiC < 1);
        Close(-1 / Math.Log(chiC), s.DepthScaleC!.Value, 1e-10);
    }

    [Theory]
    [InlineData(2.0, 0.1)]
    [InlineData(1.6, 0.3)]
    [InlineData(4.0, 1.0)]
    public void ChaoticErfCorrelationFixedPointAndDepthScaleMatchTheClosedForms(double sw, double sb)
    {
        var s = FixedPointSolver.Solve(Activation.Erf, sw, sb);
        Assert.Equal(Regime.Chaotic, s.Regime);
        double q = s.QStar!.Value, c = s.CStar!.Value;
        // q* and c* solve the closed-form maps (2/pi) asin(2q/(1+2q)) and (2/pi) asin(2qc/(1+2q)).
        Close(q, sw * sw * 2 / Math.PI * Math.Asin(2 * q / (1 + 2 * q)) + sb * sb, 1e-13, what: "q*");
        Close(c, (sw * sw * 2 / Math.PI * Math.Asin(2 * q * c / (1 + 2 * q)) + sb * sb) / q, 1e-11, what: "c*");
        double chiC = sw * sw * 4 / Math.PI / Math.Sqrt((1 + 2 * q) * (1 + 2 * q) - 4 * q * q * c * c);
        Close(-1 / Math.Log(chiC), s.DepthScaleC!.Value, 1e-9, what: "xi_c");
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-5)]
    public void JustAboveCriticalityTheCorrelationDepthScaleIsOneOverChiMinusOne(double excess)
    {
        // Near c = 1, C(1 - d) - (1 - d) = -(chi - 1) d + C''(1) d^2 / 2, so chi_c = C'(c*) = 2 - chi + O((chi - 1)^2)
        // and xi_c = -1/ln(2 - chi) = (1 + O(chi - 1)) / (chi - 1).
        var p = CriticalLineSolver.Solve(Activation.Tanh, 0.1);
        var s = FixedPointSolver.Solve(Activation.Tanh, p.WeightStd * Math.Sqrt(1 + excess), 0.1);
        Assert.Equal(Regime.Chaotic, s.Regime);
        double chiMinusOne = s.Chi - 1;
        // The O(chi - 1) coefficient involves C'''(1)/C''(1); it is about 10 here, so 20 (chi - 1) bounds it.
        Close(1.0, s.DepthScaleC!.Value * chiMinusOne, 20 * chiMinusOne, what: "xi_c (chi - 1)");
    }

    [Fact]
    public void OddActivationWithoutBiasInTheChaoticPhaseDecorrelatesCompletely()
    {
        var s = FixedPointSolver.Solve(Activation.Erf, 3.0, 0.0);
        Assert.Equal(Regime.Chaotic, s.Regime);
        Assert.Equal(0.0, s.CStar);
    }

    /// <summary>
    /// A chaotic tanh point with a tiny bias has c* ~ 5e-4, where the cross term of the correlation map is O(c) and the
    /// inner quadrature's noise once kept the outer one refining forever (a hang found by a random sweep).
    /// </summary>
    [Fact]
    public void SmallCStarIsFoundWithoutChasingQuadratureNoise()
    {
        var state = FixedPointSolver.Solve(Activation.Tanh, 1.7510453857253516, 0.00810887036291364);
        Assert.Equal(Regime.Chaotic, state.Regime);
        double cStar = state.CStar!.Value;
        Assert.InRange(cStar, 1e-4, 1e-3);
        var map = new CorrelationMap(Activation.Tanh, 1.7510453857253516, 0.00810887036291364, state.QStar!.Value);
        Close(cStar, map.Value(cStar), 1e-9);
        Assert.True(state.DepthScaleC > 0 && double.IsFinite(state.DepthScaleC!.Value));
    }
}

public class CriticalLineTests
{
    [Fact]
    public void ReLUCriticalPointIsSqrtTwoZero()
    {
        var p = CriticalLineSolver.Solve(Activation.ReLU, 0.0);
        Close(Math.Sqrt(2), p.WeightStd, 1e-15);
        Assert.Null(p.QStar);
        Assert.Equal(0.5, p.LinearFraction);
        Close(1.0, p.Chi, 1e-15);
    }

    [Fact]
    public void ReLUWithBiasHasNoCriticalPoint()
    {
        var ex = Assert.Throws<NoSolutionException>(() => CriticalLineSolver.Solve(Activation.ReLU, 0.1));
        Assert.Equal("NoCriticalPoint", ex.ErrorId);
    }

    [Fact]
    public void TanhCriticalLineLeavesOneZeroAndRisesWithBias()
    {
        Assert.Equal(1.0, CriticalLineSolver.Solve(Activation.Tanh, 0.0).WeightStd);
        double[] sbs = { 1e-3, 0.01, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0 };
        var sws = sbs.Select(sb => CriticalLineSolver.Solve(Activation.Tanh, sb).WeightStd).ToArray();
        Assert.InRange(sws[0], 1.0, 1.0 + 1e-2);
        for (int i = 1; i < sws.Length; i++) Assert.True(sws[i] > sws[i - 1], $"sw({sbs[i]}) = {sws[i]} should exceed sw({sbs[i - 1]}) = {sws[i - 1]}");
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.05)]
    [InlineData(Activation.Tanh, 0.3)]
    [InlineData(Activation.HardTanh, 0.1)]
    [InlineData(Activation.HardTanh, 1.0)]
    [InlineData(Activation.Erf, 0.2)]
    public void CriticalPointsAreCriticalFixedPoints(Activation a, double sb)
    {
        var p = CriticalLineSolver.Solve(a, sb);
        var s = FixedPointSolver.Solve(a, p.WeightStd, sb);
        Close(p.QStar!.Value, s.QStar!.Value, 1e-9, what: "q*");
        Close(1.0, s.Chi, 1e-11, what: "chi");
        Assert.Equal(Regime.Critical, s.Regime);
    }

    [Fact]
    public void HardTanhCriticalPointSatisfiesTheClosedForms()
    {
        var p = CriticalLineSolver.Solve(Activation.HardTanh, 0.1);
        double q = p.QStar!.Value, sw = p.WeightStd;
        double prob = SpecialFunctions.Erf(1 / Math.Sqrt(2 * q));
        Close(1.0, sw * sw * prob, 1e-14, what: "sw^2 p = 1");
        double a = 1 / Math.Sqrt(q);
        double meanSquare = q * (SpecialFunctions.Erf(a / Math.Sqrt(2)) - 2 * a * Math.Exp(-a * a / 2) / Math.Sqrt(2 * Math.PI))
                          + 1 - SpecialFunctions.Erf(a / Math.Sqrt(2));
        Close(q, sw * sw * meanSquare + 0.01, 1e-13, what: "q* = f(q*)");
    }

    [Fact]
    public void ErfCriticalLineStartsAtSqrtPiOverTwo() =>
        Close(Math.Sqrt(Math.PI) / 2, CriticalLineSolver.Solve(Activation.Erf, 0.0).WeightStd, 1e-15);
}

/// <summary>
/// Bounded activations at huge WeightStd: q* ~ sw^2, and chi, the slope f'(q*) and xi_c follow the sign-function
/// limit. Leading orders (u = sqrt(q) z, the feature of width 1/sqrt(q) in z seen through pdf(0)):
/// chi sqrt(q*)/sw^2 -> int phi'^2 du / sqrt(2 pi); f'(q*) q*^(3/2)/sw^2 -> int (1 - phi^2) du / (2 sqrt(2 pi));
/// and c* -> 0 with chi_c -> (2/pi), so xi_c -> -1/ln(2/pi). Corrections are O(1/q*) (O(1/sqrt q*) for xi_c).
/// </summary>
public class ExtremeWeightStdTests
{
    // int phi'^2 du: tanh 4/3, hardtanh 2, erf (4/pi) sqrt(pi/2) = 2 sqrt(2/pi).
    // int (1 - phi^2) du: tanh 2, hardtanh 4/3 (int_{-1}^{1} 1 - x^2), erf 2 sqrt(2/pi) (int_0^inf erfc = 1/sqrt pi, erfc^2 = (2 - sqrt 2)/sqrt pi).
    [Theory]
    [InlineData(Activation.Tanh, 4.0 / 3.0, 2.0)]
    [InlineData(Activation.HardTanh, 2.0, 4.0 / 3.0)]
    [InlineData(Activation.Erf, 1.5957691216057308, 1.5957691216057308)]
    public void ChiAndSlopeFollowTheSaturatedLimit(Activation activation, double slopeIntegral, double gapIntegral)
    {
        double invSqrt2Pi = 1.0 / Math.Sqrt(2.0 * Math.PI);
        foreach (double sw in new[] { 1e5, 1e10, 1e20, 1e50, 1e100 })
        {
            var s = FixedPointSolver.Solve(activation, sw, 0.1);
            double q = s.QStar!.Value;
            Assert.Equal(Regime.Chaotic, s.Regime);
            Close(1.0, q / (sw * sw), 1e-4, what: $"{activation} q*/sw^2 at sw {sw:G3}");
            Close(slopeIntegral * invSqrt2Pi, s.Chi * Math.Sqrt(q) / (sw * sw), 1e-8, what: $"{activation} chi at sw {sw:G3}");
            Close(gapIntegral * invSqrt2Pi / 2.0, s.Slope * q * Math.Sqrt(q) / (sw * sw), 1e-8, what: $"{activation} f'(q*) at sw {sw:G3}");
            Close(-1.0 / Math.Log(s.Slope), s.DepthScaleQ!.Value, 1e-14, what: $"{activation} xi_q at sw {sw:G3}");
            if (sw >= 1e10)
                Close(-1.0 / Math.Log(2.0 / Math.PI), s.DepthScaleC!.Value, 1e-8, what: $"{activation} xi_c at sw {sw:G3}");
        }
    }

    [Fact]
    public void BeyondTheDoubleRangeIsANamedError()
    {
        var ex = Assert.Throws<OutOfRangeException>(() => FixedPointSolver.Solve(Activation.Tanh, 1e101, 0.1));
        Assert.Equal("StdOutOfRange", ex.ErrorId);
        Assert.Contains("1E+100", ex.Message);
        Assert.Throws<OutOfRangeException>(() => FixedPointSolver.Solve(Activation.ReLU, 1.0, 1e160));
        Assert.Throws<OutOfRangeException>(() => CriticalLineSolver.Solve(Activation.Tanh, 1e160));
    }

    [Fact]
    public void HardTanhTruncatedMomentSeriesMatchesTheClosedFormWhereBothHold()
    {
        foreach (double a in new[] { 0.3, 0.45, 0.5 })
        {
            double closed = SpecialFunctions.Erf(a / Math.Sqrt(2.0)) - 2.0 * a * Math.Exp(-0.5 * a * a) / Math.Sqrt(2.0 * Math.PI);
            Close(closed, HardTanhActivation.TruncatedSecondMoment(a), 1e-13);
        }
        // a -> 0: sqrt(2/pi) a^3 / 3, where the closed form has no digits left.
        Close(Math.Sqrt(2.0 / Math.PI) / 3.0 * 1e-30, HardTanhActivation.TruncatedSecondMoment(1e-10), 1e-15);
    }
}

/// <summary>
/// The critical line at tiny BiasStd: sb^2 = q* - E[phi^2]/E[phi'^2] cancels to (4/3) q*^3 for Tanh and Erf and to about
/// e^(-1/(2 q*)) for HardTanh, so it is evaluated without the difference.
/// </summary>
public class TinyBiasCriticalLineTests
{
    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Erf)]
    public void SmoothLinesFollowFourThirdsQCubedAndJoinTheClosedForm(Activation activation)
    {
        var phi = ActivationFunction.For(activation);
        // Leading order, with relative correction O(q).
        foreach (double q in new[] { 1e-60, 1e-20, 1e-8 })
            Close(4.0 / 3.0 * q * q * q, phi.CriticalBiasVariance(q), Math.Max(10 * q, 1e-14), what: $"{activation} sb^2 at q {q:G3}");
        // Where the plain difference still holds enough digits, the series agrees with it (relative 2e-16 / q^2).
        Close(q0(phi, 0.00099), phi.CriticalBiasVariance(0.00099), 1e-9, what: "at the series' edge");
        foreach (double sb in new[] { 1e-100, 1e-20 })
        {
            var point = CriticalLineSolver.Solve(activation, sb);
            Close(Math.Cbrt(0.75 * sb * sb), point.QStar!.Value, 1e-10, what: $"{activation} q* at sb {sb:G3}");
            // Piped back into the fixed-point solver, the point is critical.
            var state = FixedPointSolver.Solve(activation, point.WeightStd, sb);
            Assert.Equal(Regime.Critical, state.Regime);
        }
    }

    private static double q0(ActivationFunction phi, double q) => q - phi.MeanSquare(q) / phi.MeanSquaredDerivative(q);

    [Fact]
    public void HardTanhLineFollowsTheGaussianTail()
    {
        var phi = ActivationFunction.For(Activation.HardTanh);
        // 2 pdf(a) (1/a^3 - 3/a^5 + 15/a^7 - 105/a^9) / p, a = 1/sqrt(q): the asymptotic series of 1/a - R(a).
        foreach (double q in new[] { 1e-3, 3e-3 })
        {
            double a = 1.0 / Math.Sqrt(q);
            double series = 2.0 * Numerics.GaussianExpectation.Pdf(a) * (1 / Math.Pow(a, 3) - 3 / Math.Pow(a, 5) + 15 / Math.Pow(a, 7) - 105 / Math.Pow(a, 9))
                / phi.MeanSquaredDerivative(q);
            Close(series, phi.CriticalBiasVariance(q), 1e-6, what: $"HardTanh sb^2 at q {q}");
        }
        Close(q0(phi, 0.09), phi.CriticalBiasVariance(0.09), 1e-11, what: "against the closed forms where they hold");
        var tiny = CriticalLineSolver.Solve(Activation.HardTanh, 1e-100);
        Close(1e-200, phi.CriticalBiasVariance(tiny.QStar!.Value), 1e-9, what: "sb^2 at the solved q*");
        Assert.InRange(tiny.QStar!.Value, 1.0e-3, 1.2e-3);   // e^(-1/(2q)) ~ 1e-200: q about 1/920
    }
}

/// <summary>
/// Mehler's series for the correlation map (CorrelationSeries) against independent routes: Erf's closed form, the nested
/// quadrature of the conditional means, Parseval at c = 1, and SELU's closed-form conditional means against quadrature.
/// </summary>
public class CorrelationSeriesTests
{
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.7)]
    [InlineData(3.0)]
    public void ErfSeriesMatchesTheArcsineClosedFormUpToCEqualsOne(double q)
    {
        // E[erf(u1) erf(u2)] = (2/pi) asin(2 q c / (1 + 2q)); its c-derivative is q E[erf' erf'] (Price).
        var series = CorrelationSeries.TryBuild(ActivationFunction.For(Activation.Erf), q)!;
        Assert.NotNull(series);
        foreach (var c in new[] { -0.9, 0.0, 0.25, 0.6, 0.9, 0.99, 0.9999, 1.0 })
        {
            Assert.True(series.TryCross(c, out double cross), $"series at c = {c}");
            Close(2 / Math.PI * Math.Asin(2 * q * c / (1 + 2 * q)), cross, 0, 1e-14, what: $"cross at q {q}, c {c}");
            Assert.True(series.TryCrossSlope(c, out double slope));
            double expected = 4 * q / Math.PI / Math.Sqrt((1 + 2 * q) * (1 + 2 * q) - 4 * q * q * c * c);
            Close(expected, slope, 2e-14, what: $"slope at q {q}, c {c}");
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, 1.3)]
    [InlineData(Activation.Tanh, 9.0)]
    [InlineData(Activation.Sigmoid, 2.0)]
    [InlineData(Activation.SiLU, 0.8)]
    [InlineData(Activation.GELU, 4.0)]
    [InlineData(Activation.Softplus, 1.5)]
    public void SeriesMatchesTheNestedQuadratureOfTheConditionalMeans(Activation a, double q)
    {
        var phi = ActivationFunction.For(a);
        var series = CorrelationSeries.TryBuild(phi, q)!;
        Assert.NotNull(series);
        double r = Math.Sqrt(q);
        foreach (var c in new[] { 0.0, 0.3, 0.8, 0.9 })
        {
            double s = Math.Sqrt(1 - c * c);
            double nested = phi.OverU(q, u => phi.Value(u) * phi.ShiftedMean(c * u, r * s), 1e-13);
            double nestedSlope = phi.OverU(q, u => phi.Derivative(u) * phi.ShiftedMeanDerivative(c * u, r * s), 1e-13);
            Assert.True(series.TryCross(c, out double cross), $"{a} series at c = {c}");
            Assert.True(series.TryCrossSlope(c, out double slope), $"{a} series slope at c = {c}");
            Close(nested, cross, 0, 1e-13 * phi.MeanSquare(q), what: $"{a} cross at q {q}, c {c}");
            Close(q * nestedSlope, slope, 0, 1e-13 * q * phi.MeanSquaredDerivative(q), what: $"{a} slope at q {q}, c {c}");
        }
    }

    [Fact]
    public void AtCEqualsOneTheSeriesIsParseval()
    {
        // sum a_k^2 = E[phi^2] and sum k a_k^2 = q E[phi'^2]: the map fixes c = 1 with slope chi, through the series alone.
        foreach (var a in new[] { Activation.Tanh, Activation.SiLU })
        {
            var phi = ActivationFunction.For(a);
            var series = CorrelationSeries.TryBuild(phi, 0.9)!;
            Assert.True(series.TryCross(1.0, out double cross));
            Assert.True(series.TryCrossSlope(1.0, out double slope));
            Close(phi.MeanSquare(0.9), cross, 2e-14, what: $"{a} E[phi^2]");
            Close(0.9 * phi.MeanSquaredDerivative(0.9), slope, 2e-14, what: $"{a} q E[phi'^2]");
        }
    }

    /// <summary>
    /// Tanh's correlation fixed point and depth scale against 22-digit mpmath references (q* by secant on E[tanh^2], C(c) by a
    /// composite 20-point Gauss-Legendre tensor rule on [-9, 9] at dps 22, c* by secant to 1e-36). The second point is 2e-4
    /// above criticality, where C(c) - c has slope chi - 1 and every error of C is multiplied by 5000 in c*.
    /// </summary>
    [Theory]
    [InlineData(2.0, 0.3, 0.26389478031581532305, 6.6482636134803967371, 1e-14, 1e-13)]
    [InlineData(1.55, 0.5, 0.99952163536767754859, 4689.2279927067455978, 1e-11, 5e-8)]
    public void TanhCorrelationFixedPointMatchesAnIndependentReference(double sw, double sb, double cStar, double xiC, double cTolerance, double xiTolerance)
    {
        var s = FixedPointSolver.Solve(Activation.Tanh, sw, sb);
        Assert.Equal(Regime.Chaotic, s.Regime);
        Close(cStar, s.CStar!.Value, cTolerance, what: "c*");
        Close(xiC, s.DepthScaleC!.Value, xiTolerance, what: "xi_c");
    }

    /// <summary>
    /// Sigmoid near its critical line (q* = 56): a_k decay so slowly that c* = 0.98 needs more than the coarse rule's 400
    /// terms; the series starts over on the fine rule and still agrees with the nested quadrature.
    /// </summary>
    [Fact]
    public void ASteepActivationNearCEqualsOneMovesToTheFineRule()
    {
        var phi = ActivationFunction.For(Activation.Sigmoid);
        var s = FixedPointSolver.Solve(phi, 11.176, 0.3);
        double q = s.QStar!.Value, c = s.CStar!.Value, r = Math.Sqrt(q), spread = Math.Sqrt(1 - c * c);
        Assert.InRange(c, 0.97, 0.99);
        var series = CorrelationSeries.TryBuild(phi, q)!;
        Assert.True(series.TryCross(c, out double cross));
        Assert.True(series.Terms > 401, $"{series.Terms} terms");
        double nested = phi.OverU(q, u => phi.Value(u) * phi.ShiftedMean(c * u, r * spread), 1e-13);
        Close(nested, cross, 2e-14);
        Close(c, (11.176 * 11.176 * cross + 0.09) / q, 1e-14, what: "C(c*) = c*");
    }

    [Fact]
    public void WhereTheTruncationIsNotNegligibleTheSeriesDeclines()
    {
        // Steep tanh (q = 400): a_k^2 decay like exp(-pi sqrt(k) / sqrt(q)), far too slowly for c near 1 within 400 terms.
        var series = CorrelationSeries.TryBuild(ActivationFunction.For(Activation.Tanh), 400.0)!;
        Assert.True(series.TryCross(0.3, out _));
        Assert.False(series.TryCross(0.999, out _));
        Assert.False(series.TryCrossSlope(0.999, out _));
    }

    [Fact]
    public void SeluConditionalMeansMatchQuadrature()
    {
        var phi = ActivationFunction.For(Activation.SELU);
        foreach (var m in new[] { -50.0, -8, -1, 0, 0.2, 4, 60 })
        foreach (var s in new[] { 1e-3, 0.5, 3, 40 })
        {
            double[] kink = { -m / s };
            double mean = GaussianExpectation.Of(z => phi.Value(m + s * z), -m / s, 1 / s, kink);
            double slope = GaussianExpectation.Of(z => phi.Derivative(m + s * z), -m / s, 1 / s, kink);
            Close(mean, phi.ShiftedMean(m, s), 0, 2e-15 * Math.Max(1, Math.Abs(mean)), what: $"E[SELU] at m {m}, s {s}");
            Close(slope, phi.ShiftedMeanDerivative(m, s), 0, 2e-15 * Math.Max(1, Math.Abs(slope)), what: $"E[SELU'] at m {m}, s {s}");
        }
    }
}
