using System;
using System.Linq;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Isometry.Numerics;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

public class PowerSeriesTests
{
    [Fact]
    public void RevertInvertsTheGeometricSeries()
    {
        // m = w/(1 - w) reverts to w = m/(1 + m) = m - m^2 + m^3 - ...
        var w = PowerSeries.Revert(new[] { 0.0, 1, 1, 1, 1, 1, 1 }, 7);
        Assert.Equal(new[] { 0.0, 1, -1, 1, -1, 1, -1 }, w.Select(x => Math.Round(x, 13)));
    }

    [Fact]
    public void ExpOfLogIsTheIdentity()
    {
        var a = new[] { 1.0, 0.3, -2.0, 0.7, 5.0 };
        var back = PowerSeries.Exp(PowerSeries.Log(a, 5), 5);
        for (int k = 0; k < 5; k++) Close(a[k], back[k], 1e-14, 1e-14);
    }
}

public class SpectrumMomentTests
{
    private static double Binomial(int n, int k)
    {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(30)]
    public void LinearGaussianMomentsAreFussCatalan(int depth)
    {
        var m = new JacobianModel(WeightInit.Gaussian, new BernoulliLaw(1.0), 1.0, depth).Moments(6);
        for (int k = 1; k <= 6; k++)
            Close(Binomial((depth + 1) * k, k) / (depth * k + 1), m[k], 1e-12, what: $"m_{k}");
    }

    [Theory]
    [InlineData(0.9, 7)]
    [InlineData(1.05, 300)]
    public void EveryOrthogonalLinearMomentIsSwToThe2kL(double sw, int depth)
    {
        var m = new JacobianModel(WeightInit.Orthogonal, new BernoulliLaw(1.0), sw, depth).Moments(5);
        for (int k = 1; k <= 5; k++) Close(Math.Pow(sw, 2 * k * depth), m[k], 1e-12, what: $"m_{k}");
    }

    [Theory]
    [InlineData(WeightInit.Gaussian, 0.6, 1.2, 7)]
    [InlineData(WeightInit.Orthogonal, 0.6, 1.2, 7)]
    [InlineData(WeightInit.Gaussian, 0.3, 0.8, 50)]
    [InlineData(WeightInit.Orthogonal, 0.95, 1.01, 1000)]
    public void FirstTwoMomentsMatchMathMd(WeightInit init, double p, double sw, int depth)
    {
        var m = new JacobianModel(init, new BernoulliLaw(p), sw, depth).Moments(2);
        double m1 = Math.Pow(sw * sw * p, depth);
        Close(m1, m[1], 1e-12, what: "m_1 = (sw^2 p)^L");
        double spread = init == WeightInit.Gaussian ? depth / p : depth * (1 - p) / p;
        Close(m1 * m1 * (1 + spread), m[2], 1e-11, what: "m_2");
    }

    [Theory]
    [InlineData(WeightInit.Gaussian, 10)]
    [InlineData(WeightInit.Orthogonal, 10)]
    [InlineData(WeightInit.Gaussian, 10000)]
    [InlineData(WeightInit.Orthogonal, 10000)]
    public void CriticalVarianceIsLOverPOrLOneMinusPOverP(WeightInit init, int depth)
    {
        var point = CriticalLineSolver.Solve(Activation.HardTanh, 0.1);
        var s = JacobianSpectrumSolver.Solve(init, Activation.HardTanh, point.WeightStd, 0.1, depth, 64);
        double p = point.LinearFraction!.Value;
        Close(1.0, s.Mean, 1e-12);
        Close(init == WeightInit.Gaussian ? depth / p : depth * (1 - p) / p, s.Variance, 1e-9);
    }

    [Theory]
    [InlineData(Activation.Tanh, WeightInit.Gaussian, -1.0)]
    [InlineData(Activation.Tanh, WeightInit.Orthogonal, 0.0)]
    [InlineData(Activation.Erf, WeightInit.Gaussian, -1.0)]
    [InlineData(Activation.Erf, WeightInit.Orthogonal, 0.0)]
    [InlineData(Activation.Sigmoid, WeightInit.Gaussian, -1.0)]
    [InlineData(Activation.Sigmoid, WeightInit.Orthogonal, 0.0)]
    public void SmoothCriticalVarianceIsLTimesMu2OverMu1SquaredMinusOneMinusS1(Activation a, WeightInit init, double s1)
    {
        var point = CriticalLineSolver.Solve(a, 0.2);
        var law = new SmoothLaw(Activations.ActivationFunction.For(a), point.QStar!.Value);
        var mu = law.Moments(2);
        foreach (int depth in new[] { 1, 10, 200 })
        {
            var s = JacobianSpectrumSolver.Solve(init, a, point.WeightStd, 0.2, depth);
            Close(1.0, s.Mean, 1e-11);
            Close(depth * (mu[2] / (mu[1] * mu[1]) - 1 - s1), s.Variance, 1e-9, what: $"L = {depth}");
        }
    }

    [Fact]
    public void ErfDiagonalMomentsAreClosedForm()
    {
        var law = new SmoothLaw(Activations.ActivationFunction.For(Activation.Erf), 0.7);
        var mu = law.Moments(3);
        var tanhStyle = Activations.ActivationFunction.For(Activation.Erf);
        for (int k = 1; k <= 3; k++)
        {
            Close(Math.Pow(4 / Math.PI, k) / Math.Sqrt(1 + 4 * k * 0.7), mu[k], 1e-15);
            int power = 2 * k;
            Close(tanhStyle.OverU(0.7, u => Math.Pow(tanhStyle.Derivative(u), power)), mu[k], 1e-12);
        }
    }
}

public class SpectrumDensityTests
{
    /// <summary>The paper's eq. 13: linear Gaussian, sw = 1, parametrized by t in (0, pi).</summary>
    private static (double Lambda, double Rho) ExplicitLinearGaussian(int depth, double t)
    {
        int L = depth;
        double lambda = Math.Pow(Math.Sin(t), L + 1) / (Math.Sin(t / (L + 1)) * Math.Pow(Math.Sin(L * t / (L + 1)), L));
        double rho = 1 / Math.PI * Math.Pow(Math.Sin(t / (L + 1)), 2) * Math.Pow(Math.Sin(L * t / (L + 1)), L - 1) / Math.Pow(Math.Sin(t), L);
        return (lambda, rho);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void LinearGaussianDensityAtExactGridPoints(int depth)
    {
        // At lambda(t) the solver's rho must equal eq. 13's rho: solve on a grid, then compare point by point
        // through the parametrization's inverse (bisection in t along the monotone lambda(t)).
        var s = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Linear, 1.0, 0.0, depth, 128);
        foreach (var x in s.Density.Where(x => x.Value > 0 && x.Lambda > 1e-6 * s.LambdaMax!.Value).Where((_, i) => i % 7 == 0))
        {
            double lo = 1e-12, hi = Math.PI - 1e-12;
            for (int it = 0; it < 200; it++)
            {
                double mid = 0.5 * (lo + hi);
                if (ExplicitLinearGaussian(depth, mid).Lambda > x.Lambda) lo = mid; else hi = mid;
            }
            Close(ExplicitLinearGaussian(depth, 0.5 * (lo + hi)).Rho, x.Value, 1e-9, what: $"rho({x.Lambda:G6})");
        }
    }

    public static TheoryData<WeightInit, Activation, double, double, int> Cases => new()
    {
        { WeightInit.Gaussian, Activation.Linear, 1.0, 0.0, 1 },
        { WeightInit.Gaussian, Activation.Linear, 1.0, 0.0, 10 },
        { WeightInit.Gaussian, Activation.ReLU, Math.Sqrt(2), 0.0, 1 },
        { WeightInit.Gaussian, Activation.ReLU, Math.Sqrt(2), 0.0, 5 },
        { WeightInit.Orthogonal, Activation.ReLU, Math.Sqrt(2), 0.0, 2 },
        { WeightInit.Orthogonal, Activation.ReLU, Math.Sqrt(2), 0.0, 5 },
        { WeightInit.Orthogonal, Activation.HardTanh, 1.0257, 0.1, 10 },
        { WeightInit.Orthogonal, Activation.HardTanh, 1.0257, 0.1, 100 },
        { WeightInit.Gaussian, Activation.HardTanh, 1.0257, 0.1, 1000 },
        { WeightInit.Orthogonal, Activation.HardTanh, 1.0257, 0.1, 10000 },
        { WeightInit.Gaussian, Activation.HardTanh, 1.3, 0.3, 40 },
        // One layer with p near 1: a Marchenko-Pastur law whose gap nearly closes (rho ~ 1/sqrt(lambda) inside).
        { WeightInit.Gaussian, Activation.HardTanh, 0.6982, 0.1592, 1 },
    };

    [Theory]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(21)]
    public void NearlyDegenerateOrthogonalSpectraStayAccurate(int depth)
    {
        // Critical HardTanh at BiasStd 0.1 has 1 - p = 0.0495, so L(1 - p) is 0.94, 0.99 and 1.04 here: the top edge
        // sits next to sw^(2L), where the density turns into a 1/sqrt spike. Accuracy is lower than elsewhere
        // (about 1e-5 at 512 points) but still resolves it; a grid blind to it is off by 1e-4 or more.
        var point = CriticalLineSolver.Solve(Activation.HardTanh, 0.1);
        var s = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.HardTanh, point.WeightStd, 0.1, depth);
        AssertMassIsOne(s);
        AssertDensityMomentsMatch(s, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DensityPlusAtomsHasMassOne(WeightInit init, Activation a, double sw, double sb, int depth)
    {
        var s = JacobianSpectrumSolver.Solve(init, a, sw, sb, depth);
        AssertMassIsOne(s);
        double p = s.LinearFraction!.Value;
        double expected = init == WeightInit.Gaussian ? p : Math.Min(p, (depth - 1) * (1 - p));
        Close(expected, s.ContinuousMass!.Value, 1e-5, what: "continuous mass");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MomentsOfTheReturnedDensityMatchTheExactMoments(WeightInit init, Activation a, double sw, double sb, int depth)
    {
        var s = JacobianSpectrumSolver.Solve(init, a, sw, sb, depth);
        AssertDensityMomentsMatch(s, 1e-6);
    }

    private static void AssertMassIsOne(JacobianSpectrum s) =>
        Close(1.0, s.ZeroAtomMass + (s.AtomMass ?? 0) + s.ContinuousMass!.Value, 1e-5, what: "total mass");

    /// <summary>m_1..m_3 from the returned grid (its quadrature weights) plus the atoms, against the exact moments.</summary>
    private static void AssertDensityMomentsMatch(JacobianSpectrum s, double tolerance)
    {
        var m = s.ExactMoments(3);
        for (int k = 1; k <= 3; k++)
        {
            double fromDensity = s.Density.Sum(x => x.Weight * x.Value * Math.Pow(x.Lambda, k))
                               + (s.AtomMass ?? 0) * Math.Pow(s.AtomLambda ?? 0, k);
            Close(m[k], fromDensity, tolerance, what: $"m_{k}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(200)]
    public void GaussianLambdaMaxIsTheCriticalValueOfTheQuadratic(int depth)
    {
        double p = 0.7, sw = 1.1;
        var s = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.ReLU, sw, 0.0, depth);
        p = 0.5;
        double m = (-(depth - 1) + Math.Sqrt((depth - 1.0) * (depth - 1) + 4.0 * depth * p)) / (2 * depth);
        double lambdaMax = (1 + m) / m * Math.Pow(m + p, depth) * Math.Pow(sw, 2 * depth);
        Close(lambdaMax, s.LambdaMax!.Value, 1e-12);
    }

    [Fact]
    public void OneLayerGaussianReLUIsMarchenkoPasturWithRatioP()
    {
        var s = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.ReLU, 1.3, 0.0, 1);
        double p = 0.5, sw2 = 1.69;
        Close(sw2 * Math.Pow(1 + Math.Sqrt(p), 2), s.LambdaMax!.Value, 1e-13);
        Close(sw2 * Math.Pow(1 - Math.Sqrt(p), 2), s.LambdaMin!.Value, 1e-13);
        foreach (var x in s.Density.Where((_, i) => i % 17 == 5))
        {
            // MP density of D W W^T D restricted to its rank-pN block, times the block's mass p.
            double a = s.LambdaMin!.Value, b = s.LambdaMax!.Value;
            double mp = Math.Sqrt((b - x.Lambda) * (x.Lambda - a)) / (2 * Math.PI * sw2 * x.Lambda);
            Close(mp, x.Value, 1e-10, 1e-12, what: $"rho({x.Lambda:G6})");
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void OrthogonalLambdaMaxIsTheCriticalValueAtPOverLOneMinusPMinusOne(int depth)
    {
        var point = CriticalLineSolver.Solve(Activation.HardTanh, 0.1);
        var s = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.HardTanh, point.WeightStd, 0.1, depth);
        double p = point.LinearFraction!.Value, L = depth, sw2 = point.WeightStd * point.WeightStd;
        double m = p / (L * (1 - p) - 1);
        double lambdaMax = Math.Exp(Math.Log((1 + m) / m) + L * Math.Log((m + p) / (m + 1)) + L * Math.Log(sw2));
        Close(lambdaMax, s.LambdaMax!.Value, 1e-11);
        if (L * (1 - p) < 1)
        {
            Close(Math.Pow(sw2, L), s.AtomLambda!.Value, 1e-12);
            Close(1 - L * (1 - p), s.AtomMass!.Value, 1e-12);
        }
        else
        {
            Assert.Null(s.AtomMass);
            // About e L (1 - p)/p at criticality, growing linearly with depth.
            Assert.InRange(s.LambdaMax!.Value / (Math.E * L * (1 - p) / p), 0.8, 1.2);
        }
    }

    [Fact]
    public void OrthogonalLinearIsAPointMassAtSwToThe2L()
    {
        var s = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.Linear, 1.01, 0.0, 50);
        Close(Math.Pow(1.01, 100), s.AtomLambda!.Value, 1e-12);
        Assert.Equal(1.0, s.AtomMass);
        Assert.Equal(0, s.Density.Count);
        Close(0.0, s.Variance, 0.0, 1e-9);
    }

    [Fact]
    public void DeepNetworksDoNotOverflow()
    {
        // sw^(2L) = 1.5^20000 overflows a double; every reported number must still be finite or honestly infinite.
        var s = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.ReLU, 1.5, 0.0, 10000, 32);
        Assert.Equal(double.PositiveInfinity, s.Mean);
        var critical = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.ReLU, Math.Sqrt(2), 0.0, 10000, 64);
        // sqrt(2)^2 is 2 + 4e-16 in doubles, so the true mean of this network is 1 + 2e-12.
        Close(1.0, critical.Mean, 1e-11);
        Close(20000, critical.Variance, 1e-9);
        Assert.All(critical.Density, x => Assert.True(double.IsFinite(x.Value) && x.Lambda > 0));
    }
}

/// <summary>
/// Densities for continuous D^2 laws (Tanh, Erf at q* &gt; 0), where M_D has no closed form: mass, moments of the
/// returned grid against the exact (Lagrange-inversion) moments, an exact one-layer law, and the q* -> 0 limit.
/// </summary>
public class SmoothSpectrumDensityTests
{
    /// <summary>
    /// Near q* = 0 the bulk is narrow and half the grid covers it, the other half twelve decades, the step growing some
    /// 30-fold between them. Grown at once, it cost the trapezoid rule its endpoint cancellation: mass and grid m_1 were
    /// off by 6.6e-5 at 512 points, 1.7e-5 at 1,024 and 4.3e-6 at 2,048 (second order). Grown smoothly, with the map's
    /// slope as weights, the rule keeps it, at every resolution.
    /// </summary>
    [Theory]
    [InlineData(WeightInit.Orthogonal, Activation.Tanh, 1.001, 0.0, 2)]
    [InlineData(WeightInit.Orthogonal, Activation.Tanh, 1.0, 0.02, 3)]
    [InlineData(WeightInit.Orthogonal, Activation.Erf, 0.9, 0.01, 2)]
    // Its far side falls 17 then 24 times a step in the grid's coarse stretch: smooth, not a soft edge's cliff (refined as
    // one, it was off by 4.5e-6).
    [InlineData(WeightInit.Orthogonal, Activation.Tanh, 1.0, 0.001, 2)]
    public void ANarrowBulkAndItsDecadesAreIntegratedToRounding(WeightInit init, Activation activation, double weightStd, double biasStd, int depth)
    {
        var setup = JacobianSpectrumSolver.Prepare(activation, weightStd, biasStd);
        foreach (int points in new[] { 512, 1024 })
        {
            var s = JacobianSpectrumSolver.Solve(setup, init, depth, points);
            Assert.Null(s.DensityError);
            Close(1.0, s.ContinuousMass!.Value, 0, 1e-10, $"mass at {points} points");
            double m1 = s.Density.Sum(r => r.Weight * r.Value * r.Lambda);
            Close(s.Mean, m1, 1e-10, what: $"grid m_1 at {points} points");
            // The weights stay positive, so the distribution function climbs.
            Assert.All(s.Density, r => Assert.True(r.Weight >= 0.0, $"weight {r.Weight} at {r.Lambda}"));
        }
    }

    /// <summary>WeightStd 0 means: the critical value for that activation and BiasStd.</summary>
    public static TheoryData<WeightInit, Activation, double, double, int> Cases => new()
    {
        { WeightInit.Gaussian, Activation.Tanh, 0.0, 0.05, 1 },
        { WeightInit.Gaussian, Activation.Tanh, 0.0, 0.3, 10 },
        { WeightInit.Gaussian, Activation.Tanh, 0.0, 0.3, 1000 },
        { WeightInit.Orthogonal, Activation.Tanh, 0.0, 0.05, 2 },
        { WeightInit.Orthogonal, Activation.Tanh, 0.0, 0.3, 100 },
        { WeightInit.Orthogonal, Activation.Tanh, 0.0, 0.3, 1000 },
        { WeightInit.Gaussian, Activation.Erf, 0.0, 0.1, 100 },
        { WeightInit.Orthogonal, Activation.Erf, 0.0, 0.1, 1000 },
        // Off the critical line: ordered (the spectrum shrinks with depth) and chaotic.
        { WeightInit.Gaussian, Activation.Tanh, 1.5, 0.5, 100 },
        { WeightInit.Orthogonal, Activation.Erf, 2.4, 0.2, 30 },
        // q* = 2.7: E[1/d] diverges for Erf, and the density near 0 is a power law over hundreds of decades.
        { WeightInit.Gaussian, Activation.Erf, 0.0, 1.0, 10 },
        { WeightInit.Orthogonal, Activation.Erf, 0.0, 1.0, 10 },
        // A soft lower edge: the bulk ends where the branch folds back along the real zeta axis.
        { WeightInit.Orthogonal, Activation.Tanh, 0.9754, 0.04942, 1505 },
        { WeightInit.Orthogonal, Activation.Tanh, 0.9114, 0.05984, 2000 },
        // phi'^2 not even (the bent-path transform): a zero of phi' inside (SiLU, GELU), no critical point at all
        // (Softplus), and SELU's atom lambda^2 inside the continuous part, at its designed q* = 1 among others.
        { WeightInit.Gaussian, Activation.SiLU, 1.2, 0.3, 2 },
        { WeightInit.Orthogonal, Activation.SiLU, 1.2, 0.3, 10 },
        { WeightInit.Orthogonal, Activation.SiLU, 0.0, 0.3, 100 },
        { WeightInit.Gaussian, Activation.GELU, 1.2, 0.3, 10 },
        { WeightInit.Orthogonal, Activation.GELU, 1.0, 0.5, 3 },
        { WeightInit.Gaussian, Activation.Softplus, 1.2, 0.3, 2 },
        { WeightInit.Orthogonal, Activation.Softplus, 1.2, 0.3, 10 },
        { WeightInit.Gaussian, Activation.SELU, 1.0, 0.0, 3 },
        { WeightInit.Orthogonal, Activation.SELU, 1.2, 0.3, 10 },
        // SELU with orthogonal weights at its designed q* = 1: a lognormal bottom whose mass is below rounding (the root's
        // Im y is noise there), and at depth 2 a 1/sqrt spike inside the support at (sw^2 lambda^2)^2.
        { WeightInit.Orthogonal, Activation.SELU, 1.0, 0.0, 2 },
        { WeightInit.Orthogonal, Activation.SELU, 1.0, 0.0, 3 },
        { WeightInit.Orthogonal, Activation.SELU, 1.0, 0.0, 5 },
        { WeightInit.Orthogonal, Activation.SELU, 1.2, 0.0, 2 },
        // GELU at its critical point at BiasStd 0.5 (q* = 6.4): its phi'^2 ~ h^2 e^(-h^2) far left puts a power law near
        // d = 0 whose continuation runs for thousands of e-folds (lambda near e^-3800) until its root drowns in rounding.
        { WeightInit.Orthogonal, Activation.GELU, 0.0, 0.5, 10 },
        { WeightInit.Gaussian, Activation.GELU, 0.0, 0.5, 10 },
        // Chaotic GELU at q* = 12.4: the tail falls double-exponentially near lambda = e^-11000, where its root is lost.
        { WeightInit.Orthogonal, Activation.GELU, 1.364, 0.976, 30 },
        // Deep and ordered: below the soft edge the density drops under what the root can resolve, and the tail ends.
        { WeightInit.Orthogonal, Activation.Tanh, 0.6131, 0.2041, 5620 },
        // Deep chaotic Erf at q* = 2.9: a slow power-law tail over thousands of e-folds that must not be cut short.
        { WeightInit.Orthogonal, Activation.Erf, 1.697, 0.9992, 5682 },
        // Deep chaotic Gaussian Tanh at q* = 3.6: m ~ 1/L at the top edge, where a subtracted far pole cost digits.
        { WeightInit.Gaussian, Activation.Tanh, 1.927, 1.139, 4625 },
        // Deep chaotic Gaussian Erf: the rounding of log M^-1 grows with depth and |log lambda|.
        { WeightInit.Gaussian, Activation.Erf, 1.351, 0.386, 1119 },
    };

    private static JacobianSpectrum Solve(WeightInit init, Activation a, double sw, double sb, int depth)
    {
        if (sw == 0.0) sw = CriticalLineSolver.Solve(a, sb).WeightStd;
        return JacobianSpectrumSolver.Solve(init, a, sw, sb, depth);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DensityHasMassOne(WeightInit init, Activation a, double sw, double sb, int depth)
    {
        var s = Solve(init, a, sw, sb, depth);
        Assert.True(s.HasDensity);
        Assert.Equal(0.0, s.ZeroAtomMass);
        Assert.Null(s.AtomMass);
        Close(1.0, s.ContinuousMass!.Value, 1e-5, what: "continuous mass");
        Assert.All(s.Density, x => Assert.True(x.Value >= 0 && double.IsFinite(x.Value) && x.Lambda > 0 && x.Lambda <= s.LambdaMax!.Value * (1 + 1e-12)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MomentsOfTheReturnedDensityMatchTheExactMoments(WeightInit init, Activation a, double sw, double sb, int depth)
    {
        var s = Solve(init, a, sw, sb, depth);
        var m = s.ExactMoments(3);
        for (int k = 1; k <= 3; k++)
        {
            double fromDensity = s.Density.Sum(x => x.Weight * x.Value * Math.Pow(x.Lambda, k));
            Close(m[k], fromDensity, 1e-5, what: $"m_{k}");
        }
    }

    /// <summary>
    /// Far beyond the depths the solver is built for, the density's mass misses 1: the density is withheld with a
    /// reason, and the moments stay.
    /// </summary>
    [Fact]
    public void ADensityWhoseMassMissesIsWithheld()
    {
        var s = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Tanh, 1.927, 1.139, 1_000_000);
        Assert.False(s.HasDensity);
        Assert.Null(s.ContinuousMass);
        Assert.Equal(0, s.Density.Count);
        Assert.Contains("mass", s.DensityError);
        Assert.True(s.Variance >= 0);
        Assert.Null(JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Tanh, 1.927, 1.139, 1000).DensityError);
    }

    /// <summary>One orthogonal layer: J J^T = sw^2 D^2, so rho(lambda) = f_d(lambda/sw^2)/sw^2, and for Erf
    /// f_d(t) = 2 pdf(z) / (4 q z t) with z = sqrt(log(4/(pi t)) / (2q)).</summary>
    [Fact]
    public void OneOrthogonalErfLayerIsTheLawOfD2()
    {
        double sw = 1.7, sb = 0.4;
        var s = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.Erf, sw, sb, 1);
        double q = s.QStar!.Value;
        Close(sw * sw * 4 / Math.PI, s.LambdaMax!.Value, 1e-15);
        Assert.All(s.Density.Where(x => x.Region == DensitySample.GridRegion), x =>
        {
            double t = x.Lambda / (sw * sw);
            double z = Math.Sqrt(Math.Log(4 / (Math.PI * t)) / (2 * q));
            double fd = 2 * Numerics.GaussianExpectation.Pdf(z) / (4 * q * z * t);
            Close(fd / (sw * sw), x.Value, 1e-11, what: $"rho({x.Lambda:G6})");
        });
        // The grid's midpoint rule in z, plus the exact Gaussian tail below it.
        Close(1.0, s.ContinuousMass!.Value, 1e-6);
    }

    /// <summary>
    /// As q* -> 0 the law of D^2 collapses onto phi'(0)^2 = 1 and the critical network becomes the linear one, whose
    /// density is the paper's eq. 13: the smooth-law solver must reproduce it to O(L q*).
    /// </summary>
    [Theory]
    [InlineData(Activation.Tanh, 2)]
    [InlineData(Activation.Erf, 5)]
    public void SmallQStarApproachesTheLinearNetwork(Activation a, int depth)
    {
        // On the critical line q* grows like BiasStd^(2/3): BiasStd 1e-8 gives q* ~ 4e-6.
        double sb = 1e-8;
        var point = CriticalLineSolver.Solve(a, sb);
        double q = point.QStar!.Value;
        Assert.InRange(q, 1e-8, 1e-4);
        var s = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, a, point.WeightStd, sb, depth, 128);
        // Erf has phi'(0)^2 = 4/pi: the linear network's spectrum scaled by (sw^2 phi'(0)^2)^L, which is about 1 at
        // criticality. Compare rho in the scaled variable.
        double scale = Math.Pow(point.WeightStd * point.WeightStd * (a == Activation.Erf ? 4 / Math.PI : 1.0), depth);
        var linear = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Linear, 1.0, 0.0, depth, 128);
        Close(linear.LambdaMax!.Value * scale, s.LambdaMax!.Value, 50 * depth * q);
        foreach (var x in s.Density.Where(x => x.Lambda > 1e-3 * s.LambdaMax!.Value).Where((_, i) => i % 5 == 0))
        {
            double t = x.Lambda / scale;
            // rho of the linear network at t, interpolated in log lambda on its own (denser near the edge) grid.
            var pts = linear.Density.ToArray();
            int j = Array.FindIndex(pts, p => p.Lambda <= t);
            Assert.True(j > 0, $"lambda {t} outside the linear support");
            var (hi, lo) = (pts[j - 1], pts[j]);
            double w = Math.Log(hi.Lambda / t) / Math.Log(hi.Lambda / lo.Lambda);
            double rhoLinear = Math.Exp((1 - w) * Math.Log(hi.Value) + w * Math.Log(lo.Value));
            Close(rhoLinear / scale, x.Value, 2e-3, what: $"rho({x.Lambda:G6})");
        }
    }
}

/// <summary>
/// The theory against random matrices: J = D_L W_L ... D_1 W_1 with W Gaussian (entries N(0, sw^2/N)) or sw times a
/// Haar orthogonal matrix, and D_l diagonal with entries phi'(sqrt(q*) z); the eigenvalues of J J^T at N = 400 against
/// the distribution function of the free-probability spectrum (density and atoms), for smooth and piecewise-linear
/// activations. Independent of the S-transform algebra.
/// </summary>
public class SampledSpectrumTests
{
    [Theory]
    [InlineData(Activation.Tanh, WeightInit.Gaussian, 0.3, 3)]
    [InlineData(Activation.Tanh, WeightInit.Orthogonal, 0.3, 3)]
    [InlineData(Activation.Erf, WeightInit.Orthogonal, 1.0, 2)]
    [InlineData(Activation.HardTanh, WeightInit.Orthogonal, 0.3, 3)]
    [InlineData(Activation.ReLU, WeightInit.Gaussian, 0.0, 3)]
    [InlineData(Activation.Sigmoid, WeightInit.Orthogonal, 0.3, 3)]
    [InlineData(Activation.Sigmoid, WeightInit.Gaussian, 0.0, 2)]
    // phi'^2 not even (the bent-path transform), off the critical line where there is none (Softplus) or it repels (SiLU, GELU).
    [InlineData(Activation.SiLU, WeightInit.Gaussian, 0.3, 2, 1.2)]
    [InlineData(Activation.SiLU, WeightInit.Orthogonal, 0.3, 3, 1.2)]
    [InlineData(Activation.GELU, WeightInit.Orthogonal, 0.3, 1, 1.2)]
    [InlineData(Activation.GELU, WeightInit.Orthogonal, 0.5, 3, 1.0)]
    [InlineData(Activation.Softplus, WeightInit.Gaussian, 0.3, 2, 1.2)]
    [InlineData(Activation.SELU, WeightInit.Gaussian, 0.0, 3, 1.0)]
    [InlineData(Activation.SELU, WeightInit.Orthogonal, 0.3, 10, 1.2)]
    [InlineData(Activation.SELU, WeightInit.Orthogonal, 0.0, 1, 1.0)]
    [InlineData(Activation.SELU, WeightInit.Orthogonal, 0.0, 2, 1.0)]
    [InlineData(Activation.SELU, WeightInit.Orthogonal, 0.0, 3, 1.0)]
    // Soft tops at small q*: a narrow bulk whose bottom carries mass below rounding.
    [InlineData(Activation.SiLU, WeightInit.Orthogonal, 0.1, 3, 1.0)]
    [InlineData(Activation.Softplus, WeightInit.Orthogonal, 0.0, 3, 0.3)]
    public void EigenvaluesOfSampledJacobiansFollowTheDensity(Activation a, WeightInit init, double sb, int depth, double weightStd = 0.0)
    {
        const int n = 400;
        // ReLU's marginal point fixes every q; its D^2 law (Bernoulli(1/2)) does not depend on q.
        var (sw, q) = weightStd > 0.0
            ? (weightStd, FixedPointSolver.Solve(a, weightStd, sb).QStar!.Value)
            : (CriticalLineSolver.Solve(a, sb).WeightStd, CriticalLineSolver.Solve(a, sb).QStar ?? 1.0);
        var phi = Activations.ActivationFunction.For(a);
        var rng = new Random(12345);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var j = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(n);
        for (int l = 0; l < depth; l++)
        {
            var g = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (_, _) => Normal());
            MathNet.Numerics.LinearAlgebra.Matrix<double> w;
            if (init == WeightInit.Gaussian) w = g * (sw / Math.Sqrt(n));
            else
            {
                // Haar: the Q of a Gaussian matrix's QR, with its columns' signs fixed by R's diagonal.
                var qr = g.QR();
                var signs = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray(
                    Enumerable.Range(0, n).Select(i => Math.Sign(qr.R[i, i]) * sw).ToArray());
                w = qr.Q * signs;
            }
            // Stratified draws of z (the N quantiles, shuffled): an i.i.d. sample's law of d would wander by
            // O(1/sqrt N) and move the whole spectrum with it, hiding the O(1/N) agreement the test looks for.
            var z = Enumerable.Range(0, n).Select(i => MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, (i + 0.5) / n))
                .OrderBy(_ => rng.Next()).ToArray();
            var d = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfDiagonalArray(
                z.Select(x => phi.Derivative(Math.Sqrt(q) * x)).ToArray());
            j = d * w * j;
        }
        var eigen = (j * j.Transpose()).Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues
            .Select(x => x.Real).OrderBy(x => x).ToArray();

        var s = JacobianSpectrumSolver.Solve(init, a, sw, sb, depth);
        var points = s.Density.ToArray();
        // P(lambda > x): the density per unit s = sqrt(log(lambda_max/lambda)) is F = 2 s lambda rho, integrated by the
        // trapezoid rule up to s(x) (a sum of whole grid weights would jump by a cell's mass, ~0.01, between points).
        double top = s.LambdaMax!.Value;
        var sg = points.Select(p => Math.Sqrt(Math.Max(0.0, Math.Log(top / p.Lambda)))).ToArray();
        var fg = points.Select((p, i) => 2 * sg[i] * p.Lambda * p.Value).ToArray();
        double Above(double x)
        {
            double sx = Math.Sqrt(Math.Log(top / x)), sum = 0.0;
            for (int i = 1; i < sg.Length && sg[i - 1] < sx; i++)
            {
                double b = Math.Min(sg[i], sx);
                double fb = fg[i - 1] + (fg[i] - fg[i - 1]) * (b - sg[i - 1]) / (sg[i] - sg[i - 1]);
                sum += 0.5 * (b - sg[i - 1]) * (fg[i - 1] + fb);
            }
            return sum + (s.AtomLambda > x ? s.AtomMass!.Value : 0.0);
        }
        double worst = 0.0;
        string where = "";
        for (int k = 1; k < 20; k++)
        {
            double quantile = 0.05 * k;
            double x = eigen[(int)(quantile * n)];
            // Below the grid (twelve decades down) and near the sampled spectrum's rounding floor there is nothing to compare.
            if (x < 1e-6 * s.LambdaMax!.Value) continue;
            // On an atom the distribution function jumps: compare only between them.
            if (s.AtomLambda is double atom && Math.Abs(x - atom) <= 1e-6 * atom) continue;
            double gap = Math.Abs(1 - Above(x) - quantile);
            if (gap > worst) (worst, where) = (gap, $"P(lambda <= {x:G6}) is {1 - Above(x):G4} in theory, {quantile:G2} sampled");
            // The spectrum's own distribution function (its rows' Cdf, interpolated) tells the same story.
            double own = Math.Abs(s.FractionBelow(x) - quantile);
            if (own > worst) (worst, where) = (own, $"FractionBelow({x:G6}) is {s.FractionBelow(x):G4}, {quantile:G2} sampled");
        }
        // Eigenvalues of random matrices are rigid: at N = 400, with the law of D stratified, the sampled distribution
        // function sits within 0.006 of the limit here, while a 2% change of WeightStd moves it by 0.02 or more.
        Assert.True(worst < 0.01, $"{a} {init} L = {depth}: {where}");
        double highest = Math.Max(s.LambdaMax!.Value, s.AtomLambda ?? 0.0);
        Assert.True(eigen[^1] < highest * 1.1, $"largest sampled {eigen[^1]:G6} against the top of the spectrum {highest:G6}");
    }
}

/// <summary>
/// The rows a user exports cover the whole continuous part: grid rows plus one row per decade below the grid, whose
/// masses add up to ContinuousMass; their Cdf is the distribution function with the atoms, and FractionBelow and
/// Quantile invert each other.
/// </summary>
public class DensityRowsTests
{
    public static TheoryData<Activation, WeightInit, double, int> Cases() => new()
    {
        { Activation.Tanh, WeightInit.Orthogonal, 0.3, 50 },
        { Activation.HardTanh, WeightInit.Orthogonal, 0.1, 100 },
        { Activation.HardTanh, WeightInit.Orthogonal, 0.02, 100 },
        { Activation.ReLU, WeightInit.Gaussian, 0.0, 10 },
        { Activation.Erf, WeightInit.Orthogonal, 0.3, 1 },
        { Activation.Erf, WeightInit.Gaussian, 0.5, 200 },
        { Activation.Linear, WeightInit.Gaussian, 0.0, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RowsAddUpToTheContinuousMassAndCarryTheDistributionFunction(Activation a, WeightInit init, double sb, int depth)
    {
        var point = CriticalLineSolver.Solve(a, sb);
        var s = JacobianSpectrumSolver.Solve(init, a, point.WeightStd, sb, depth);
        var rows = s.Density.ToArray();
        double total = rows.Sum(r => r.Weight * r.Value);
        Assertions.Close(s.ContinuousMass!.Value, total, 1e-12, what: "sum of Weight x Value");
        double belowGrid = rows.Where(r => r.Region == DensitySample.BelowGridRegion).Sum(r => r.Weight * r.Value);
        Assertions.Close(s.MassBelowGrid!.Value, belowGrid, 1e-12, 1e-300, "mass of the BelowGrid rows");
        // The distribution function: non-decreasing in lambda (rows run downward), atoms included, reaching 1.
        for (int i = 1; i < rows.Length; i++)
            Assert.True(rows[i].Cdf <= rows[i - 1].Cdf + 1e-15, $"Cdf rises downward at row {i}");
        Assert.True(rows[^1].Cdf >= s.ZeroAtomMass - 1e-15);
        double atomAbove = s.AtomLambda > rows[0].Lambda ? s.AtomMass!.Value : 0.0;
        Assertions.Close(1.0, rows[0].Cdf!.Value + atomAbove + 0.5 * rows[0].Weight * rows[0].Value, 1e-5, what: "Cdf at the top");
        Assertions.Close(1.0, s.FractionBelow(s.MaxEigenvalue!.Value), 1e-5, what: "FractionBelow(MaxEigenvalue)");
        Assert.Equal(s.ZeroAtomMass, s.FractionBelow(0.0));
        foreach (double p in new[] { 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99 })
        {
            if (p <= s.ZeroAtomMass) { Assert.Equal(0.0, s.Quantile(p)); continue; }
            double x = s.Quantile(p);
            bool onAtom = s.AtomLambda is double al && Math.Abs(x - al) <= 1e-9 * al;
            if (!onAtom) Assertions.Close(p, s.FractionBelow(x), 1e-9, what: $"FractionBelow(Quantile({p}))");
            else Assert.True(s.FractionBelow(x) >= p && s.FractionBelow(x * (1 - 1e-9)) <= p);
        }
    }

    [Theory]
    [InlineData(Activation.Erf, 0.90806514579247, 0.0, 662)]       // random-spectra seed 64
    [InlineData(Activation.Tanh, 0.7387477272370586, 0.14645319718236718, 651)]   // seed 62: a soft edge's fold
    [InlineData(Activation.Tanh, 1.0973, 0.0, 248)]
    public void TheContinuationsGuessStaysOnItsBranch(Activation a, double weightStd, double biasStd, int depth)
    {
        // A six-point extrapolation across the graded grid's change of spacing once landed nearer another branch's root
        // (mass 1.06), and next to a soft edge's fold along the real axis it upset the fold's handling: the guess falls
        // back to the line where the steps are uneven, the two disagree, or u is near the real axis.
        var s = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, a, weightStd, biasStd, depth);
        Assert.Null(s.DensityError);
        Close(1.0, s.ContinuousMass!.Value, 5e-5, what: "continuous mass");
    }
}

/// <summary>A computed spectrum's rows, formed from its columns the first time they are asked for.</summary>
public class SpectralDensityRowsTests
{
    [Fact]
    public void RowsFormedOnFirstUseCarryTheirRegionsDistributionAndSpectrum()
    {
        var setup = JacobianSpectrumSolver.Prepare(Activation.Tanh, Isometry.MeanField.CriticalLineSolver.Solve(Activation.Tanh, 0.1).WeightStd, 0.1);
        var a = JacobianSpectrumSolver.Solve(setup, WeightInit.Orthogonal, 30);
        var b = JacobianSpectrumSolver.Solve(setup, WeightInit.Gaussian, 30);
        var d = a.Density;
        // The summary reads the columns: the same text before the rows are formed and after.
        string summary = d.ToString();
        Assert.Matches(@"^\d+ points on \[.+, .+\], \d+ rows below$", summary);
        int grid = d.GridCount;
        Assert.InRange(grid, 2, d.Count - 1);
        var rows = d.ToArray();
        Assert.Equal(summary, d.ToString());
        Assert.Equal(d.Count, rows.Length);
        // Formed once: the same objects every time, by index as by enumeration.
        Assert.Same(rows[0], d[0]);
        Assert.Same(rows[^1], d.Last());
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(i < grid ? DensitySample.GridRegion : DensitySample.BelowGridRegion, rows[i].Region);
            Assert.Equal(rows[i].Lambda, d.LambdaAt(i));
            if (i > 0) Assert.True(rows[i].Lambda < rows[i - 1].Lambda && rows[i].Cdf <= rows[i - 1].Cdf, $"row {i} out of order");
        }
        // The rows' masses add up to the continuous part, and the distribution function climbs to it.
        Assert.Equal(a.ContinuousMass!.Value, rows.Sum(r => r.Weight * r.Value), 12);
        Assert.InRange(rows[0].Cdf!.Value, 1.0 - 1e-6, 1.0);
        // Rows know their spectrum: piped together, the rows of two spectra give two sets of moments, each its own.
        var moments = SpectralMoments.OfDensityRows(a.Density.Concat(b.Density), 2).ToArray();
        Assert.Equal(2, moments.Length);
        Assert.Same(a, rows[0].Owner);
        Assert.Same(b, b.Density[0].Owner);
        Assert.Equal((a.Density.Count, WeightInit.Orthogonal), (moments[0].Count, moments[0].Init));
        Assert.Equal((b.Density.Count, WeightInit.Gaussian), (moments[1].Count, moments[1].Init));
    }
}
