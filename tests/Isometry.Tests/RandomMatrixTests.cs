using System;
using System.Linq;
using Isometry.LinearAlgebra;
using Isometry.MeanField;
using Isometry.Numerics;
using Isometry.RandomMatrices;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

/// <summary>
/// The curriculum's random-matrix warm-ups against their closed forms: Catalan and Narayana moments from the densities
/// by quadrature, the distribution functions against the densities, the Wigner surmise's mean sqrt(pi) and variance
/// 4 - pi, and sampled matrices within the KS bound stated in advance (0.999 critical value, 1.95 / sqrt(n)).
/// </summary>
public class RandomMatrixTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 2.0)]
    [InlineData(3, 5.0)]
    [InlineData(4, 14.0)]
    [InlineData(5, 42.0)]
    [InlineData(10, 16796.0)]
    public void SemicircleEvenMomentsAreCatalanNumbers(int n, double catalan)
    {
        var law = new SemicircleLaw();
        Assert.Equal(catalan, law.Moment(2 * n));
        Assert.Equal(0.0, law.Moment(2 * n + 1));
        // Independently: the density's integral, in the angle x = 2 cos(t) where its square-root edges are smooth.
        double integral = AdaptiveGaussKronrod.Integrate(t => Math.Pow(2 * Math.Cos(t), 2 * n) * law.Density(2 * Math.Cos(t)) * 2 * Math.Sin(t),
            new[] { 0.0, Math.PI / 2, Math.PI }, 1e-14);
        Close(catalan, integral, 1e-12, what: $"int x^{2 * n} rho");
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    public void MarchenkoPasturMomentsAreNarayanaPolynomials(double c)
    {
        var law = new MarchenkoPasturLaw(c);
        // m_1 = 1, m_2 = 1 + c, m_3 = 1 + 3c + c^2, m_4 = 1 + 6c + 6c^2 + c^3 (Narayana numbers 1; 1 1; 1 3 1; 1 6 6 1).
        Close(1.0, law.Moment(1), 1e-15);
        Close(1 + c, law.Moment(2), 1e-15);
        Close(1 + 3 * c + c * c, law.Moment(3), 1e-15);
        Close(1 + 6 * c + 6 * c * c + c * c * c, law.Moment(4), 1e-15);
        double mid = 0.5 * (law.Lower + law.Upper), half = 0.5 * (law.Upper - law.Lower);
        Close(law.Density(law.AtAngle(1.0)) * half * Math.Sin(1.0), law.DensityInAngle(1.0), 1e-13, what: "rho dx/dtheta");
        for (int k = 0; k <= 6; k++)
        {
            // The atom at 0 adds nothing to k >= 1 and 1 - 1/c to k = 0.
            // In the angle (rho dx/dtheta, smooth at both edges), checked against rho itself at an interior point.
            double integral = AdaptiveGaussKronrod.Integrate(t => Math.Pow(law.AtAngle(t), k) * law.DensityInAngle(t),
                new[] { 0.0, Math.PI / 2, Math.PI }, 1e-14);
            double atom = k == 0 ? law.ZeroAtomMass : 0.0;
            Close(law.Moment(k), integral + atom, 1e-12, what: $"m_{k} at c = {c}");
        }
        Close(1.0, law.Cdf(law.Upper + 1), 1e-15);
        Close(law.ZeroAtomMass, law.Cdf(0.5 * law.Lower), 1e-15);
    }

    [Fact]
    public void DistributionFunctionsIntegrateTheirDensities()
    {
        var semicircle = new SemicircleLaw();
        var mp = new MarchenkoPasturLaw(0.5);
        foreach (double x in new[] { -1.7, -0.3, 0.0, 0.9, 1.99 })
            Close(AdaptiveGaussKronrod.Integrate(semicircle.Density, new[] { -2.0, x }, 1e-13), semicircle.Cdf(x), 1e-10, 1e-13, $"F({x})");
        Close(0.5, semicircle.Cdf(0.0), 1e-15);
        foreach (double x in new[] { 0.2, 0.7, 1.5, 2.5 })
            Close(AdaptiveGaussKronrod.Integrate(mp.Density, new[] { mp.Lower, x }, 1e-12), mp.Cdf(x), 1e-8, 1e-10, $"MP F({x})");
    }

    [Fact]
    public void TheSurmiseHasMeanRootPiAndVarianceFourMinusPi()
    {
        double mean = AdaptiveGaussKronrod.Integrate(s => s * LevelSpacing.SurmiseDensity(s), new[] { 0.0, 2, 5, 12 }, 1e-14);
        double second = AdaptiveGaussKronrod.Integrate(s => s * s * LevelSpacing.SurmiseDensity(s), new[] { 0.0, 2, 5, 12 }, 1e-14);
        Close(Math.Sqrt(Math.PI), mean, 1e-13);
        Close(4 - Math.PI, second - mean * mean, 1e-12);
        Close(Math.Sqrt(Math.PI), LevelSpacing.SurmiseMean, 1e-16);
        Close(4 - Math.PI, LevelSpacing.SurmiseVariance, 1e-16);
        Assert.Equal(0.0, LevelSpacing.SurmiseDensity(0.0));
    }

    [Fact]
    public void TwoByTwoSpacingsFollowTheSurmiseWithinTheBound()
    {
        // Stated in advance: 40,000 independent spacings, KS below 1.95/sqrt(n) = 0.00975 (0.999); mean and variance within
        // 5 standard errors (the sample variance's standard error from the surmise's fourth central moment, about 0.0075).
        var s = LevelSpacing.TwoByTwo(40_000, seed: 3);
        var sample = new LevelSpacingSample(2, s.Length, 3, s);
        Assert.True(sample.KS < sample.KSBound, $"KS {sample.KS} against {sample.KSBound}");
        Close(Math.Sqrt(Math.PI), sample.Mean, 0, 5 * Math.Sqrt((4 - Math.PI) / s.Length));
        Close(4 - Math.PI, sample.Variance, 0, 0.04);
        // Level repulsion: almost no spacing near 0 (P(s < 0.05) = 1 - exp(-0.000625) = 6e-4).
        Assert.True(s.Count(x => x < 0.05) < 0.002 * s.Length);
        // A wrong law is caught: the same spacings against an exponential (no repulsion) at the same mean.
        Assert.True(GoodnessOfFit.KolmogorovSmirnov(s, x => 1 - Math.Exp(-x / Math.Sqrt(Math.PI))) > 10 * sample.KSBound);
    }

    [Fact]
    public void UnfoldedWignerSpacingsAreCloseToTheSurmiseAtMeanOne()
    {
        // Bulk spacings of 30 matrices of size 300: about 4,500 spacings. Bound stated in advance: KS below 1.95/sqrt(n)
        // (0.029) plus 0.012 for the surmise's own distance from the exact GOE law (Gaudin), so 0.041.
        var s = LevelSpacing.Unfolded(300, 30, seed: 5, ManagedOrNative());
        var sample = new LevelSpacingSample(300, 30, 5, s);
        Close(1.0, sample.Mean, 0, 0.02);
        Assert.True(sample.KS < sample.KSBound + 0.012, $"KS {sample.KS}");
        // Not Poisson: independent levels would give exponential spacings.
        Assert.True(GoodnessOfFit.KolmogorovSmirnov(s, x => 1 - Math.Exp(-x)) > 0.2);
    }

    [Theory]
    [InlineData(Ensemble.Wigner, 1.0)]
    [InlineData(Ensemble.MarchenkoPastur, 0.5)]
    [InlineData(Ensemble.MarchenkoPastur, 2.0)]
    public void SampledEnsemblesFollowTheirLawsWithinTheBound(Ensemble ensemble, double ratio)
    {
        var law = EnsembleLaw.For(ensemble, ratio);
        var pooled = Enumerable.Range(0, 4).SelectMany(k => EnsembleSampler.Eigenvalues(ensemble, 300, ratio, 9, k)).ToArray();
        var s = EnsembleSpectrum.Sampled(law, 300, 4, 9, "test", pooled);
        Assert.True(s.KS < s.KSBound, $"KS {s.KS} against {s.KSBound}");
        // Moments within a few percent at N = 300 (finite-N corrections are O(1/N) for these).
        Close(law.Moment(2), s.M2, 0.03);
        Close(law.Moment(4), s.M4, 0.06);
        // Deterministic: the same seed and index, the same matrix.
        Assert.Equal(EnsembleSampler.Eigenvalues(ensemble, 50, ratio, 9, 2), EnsembleSampler.Eigenvalues(ensemble, 50, ratio, 9, 2));
    }

    [Fact]
    public void TheBackendsAgreeOnSymmetricEigenvalues()
    {
        var a = new double[] { 2, -1, 0, -1, 2, -1, 0, -1, 2 };   // tridiagonal: eigenvalues 2 - sqrt 2, 2, 2 + sqrt 2
        foreach (var backend in new DenseBackend[] { ManagedBackend.Instance, DenseBackend.Default })
        {
            var w = backend.SymmetricEigenvalues(3, (double[])a.Clone(), 3);
            Close(2 - Math.Sqrt(2), w[0], 1e-14);
            Close(2.0, w[1], 1e-14);
            Close(2 + Math.Sqrt(2), w[2], 1e-14);
        }
    }

    [Fact]
    public void TheAvoidedCrossingsGapIsTwiceTheCoupling()
    {
        foreach (double j in new[] { 0.0, 0.5, 2.0 })
        {
            var p = new AvoidedCrossingLevels(0.0, j);
            Assert.Equal(2 * j, p.Gap);
            Assert.True(new AvoidedCrossingLevels(0.3, j).Gap > 2 * j);
        }
        Close(2 * Math.Sqrt(0.09 + 4), new AvoidedCrossingLevels(-0.3, 2.0).Gap, 1e-15);
    }

    private static DenseBackend ManagedOrNative() => DenseBackend.Default;
}

/// <summary>
/// Free additive convolution against its closed forms: semicircle + semicircle = the semicircle of variance 2 (radius
/// 2 sqrt 2); Marchenko-Pastur as a free Poisson law, MP(c) + MP(c) = 2 MP(c/2) (atoms included); free cumulants; and
/// sampled sums of independent matrices within the KS bound stated in advance.
/// </summary>
public class FreeSumTests
{
    [Fact]
    public void SemicirclePlusSemicircleIsTheSemicircleScaledByRootTwo()
    {
        var sum = new FreeSum(new SemicircleLaw(), new SemicircleLaw());
        for (double x = -2.8; x <= 2.8; x += 0.35)
            Close(Math.Sqrt(8 - x * x) / (4 * Math.PI), sum.Density(x), 1e-12, 1e-15, $"rho({x})");
        Assert.Equal(0.0, sum.Density(3.0), 12);
        Close(2.0, sum.Moment(2), 1e-15);
        Close(8.0, sum.Moment(4), 1e-14);     // 2^2 C_2
        Close(40.0, sum.Moment(6), 1e-14);    // 2^3 C_3
        Assert.Equal(0.0, sum.Moment(3), 14);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void MarchenkoPasturIsAFreePoissonLaw(double c)
    {
        // MP(c) has R(w) = 1/(1 - c w): rate 1/c, jump c. Two add to rate 2/c: the law of 2 X for X ~ MP(c/2).
        var sum = new FreeSum(new MarchenkoPasturLaw(c), new MarchenkoPasturLaw(c));
        var half = new MarchenkoPasturLaw(c / 2);
        Close(half.ZeroAtomMass, sum.ZeroAtomMass, 1e-15, what: "atom");
        for (double x = 0.05; x < 2 * half.Upper; x += 0.37)
        {
            if (Math.Abs(x - 2 * half.Lower) < 0.02) continue;    // the edge itself is resolved to about 1e-4 only
            Close(half.Density(x / 2) / 2, sum.Density(x), 1e-11, 1e-14, $"rho({x}) at c = {c}");
        }
        for (int k = 1; k <= 6; k++) Close(Math.Pow(2, k) * half.Moment(k), sum.Moment(k), 1e-13, what: $"m_{k}");
        // Free cumulants of MP(c): kappa_n = c^(n-1).
        var kappa = FreeSum.Cumulants(Enumerable.Range(0, 7).Select(k => new MarchenkoPasturLaw(c).Moment(k)).ToArray());
        for (int n = 1; n <= 6; n++) Close(Math.Pow(c, n - 1), kappa[n], 1e-13, what: $"kappa_{n}");
    }

    [Fact]
    public void TheDistributionFunctionReachesOneAndTheGridKeepsTheMass()
    {
        var sum = new FreeSum(new SemicircleLaw(), new MarchenkoPasturLaw(0.5));
        Close(1.0, sum.Cdf(sum.Upper + 1), 2e-4, what: "total mass");
        var theory = FreeConvolutionSpectrum.Theory(sum, 512);
        Close(1.0, theory.Mass!.Value, 2e-4);
        Close(2.5, theory.M2, 1e-14);                  // kappa_2 = 1 + 1/2, kappa_1 = 1
        Close(0.25 + 4.5 + 1.0, theory.M3, 1e-14);     // kappa_3 + 3 kappa_1 kappa_2 + kappa_1^3
    }

    [Theory]
    [InlineData(Ensemble.Wigner, Ensemble.MarchenkoPastur, 0.5)]
    [InlineData(Ensemble.MarchenkoPastur, Ensemble.MarchenkoPastur, 3.0)]
    public void SampledSumsFollowTheFreeConvolutionWithinTheBound(Ensemble a, Ensemble b, double c)
    {
        // Stated in advance: pooled eigenvalues of 3 sums of size 300 within 1.95/sqrt(900) = 0.065 of the convolution.
        var sum = new FreeSum(EnsembleLaw.For(a, c), EnsembleLaw.For(b, c));
        var pooled = Enumerable.Range(0, 3).SelectMany(k => EnsembleSampler.SumEigenvalues(a, c, b, c, 300, 7, k)).ToArray();
        var s = FreeConvolutionSpectrum.Sampled(sum, 300, 3, 7, "test", pooled);
        Assert.True(s.KS < s.KSBound, $"KS {s.KS} against {s.KSBound}");
        // And a wrong law is caught: the same eigenvalues against the first summand alone.
        var first = EnsembleLaw.For(a, c);
        Assert.True(GoodnessOfFit.KolmogorovSmirnov(pooled, first.Cdf, first.CdfBelow) > 2 * s.KSBound);
    }
}

/// <summary>The curriculum's counter-example: same summand spectra, independent entries, different sums.</summary>
public class PauliSumTests
{
    [Theory]
    [InlineData(PauliSum.Pair.SameAxis)]
    [InlineData(PauliSum.Pair.CrossedAxes)]
    public void EachSumFollowsItsClosedForm(PauliSum.Pair pair)
    {
        // Stated in advance: 50,000 sums, KS below 1.95/sqrt(100,000) = 0.0062 (conservative: pairs +-r).
        var sample = new PauliSumSample(pair, 50_000, 11, PauliSum.Eigenvalues(pair, 50_000, 11));
        Assert.True(sample.KS < sample.KSBound, $"KS {sample.KS}");
        // The closed forms are densities: mass 1 and distribution functions that integrate them.
        double mass = AdaptiveGaussKronrod.Integrate(x => PauliSum.Density(pair, x), new[] { -15.0, -3, 0, 3, 15 }, 1e-13);
        Close(1.0, mass, 1e-12);
        Close(AdaptiveGaussKronrod.Integrate(x => PauliSum.Density(pair, x), new[] { -15.0, -3, 0, 0.8 }, 1e-13), PauliSum.Cdf(pair, 0.8), 1e-12);
    }

    [Fact]
    public void OnlyTheCrossedSumRepelsFromZero()
    {
        var same = new PauliSumSample(PauliSum.Pair.SameAxis, 50_000, 12, PauliSum.Eigenvalues(PauliSum.Pair.SameAxis, 50_000, 12));
        var crossed = new PauliSumSample(PauliSum.Pair.CrossedAxes, 50_000, 12, PauliSum.Eigenvalues(PauliSum.Pair.CrossedAxes, 50_000, 12));
        Close(1 / Math.Sqrt(4 * Math.PI), same.DensityAtZero, 0.05);
        Assert.Equal(0.0, crossed.TheoryDensityAtZero);
        // The crossed sum's density within 0.05 of 0 averages about 0.0125 (|x|/2 there): far below the same-axis 0.28.
        Assert.True(crossed.DensityAtZero < 0.03, $"{crossed.DensityAtZero}");
        // Both sums are symmetric about 0, so the difference is in their shape, not their balance.
        Assert.Equal(0.5, PauliSum.Cdf(PauliSum.Pair.SameAxis, 0.0));
        Assert.Equal(0.5, PauliSum.Cdf(PauliSum.Pair.CrossedAxes, 0.0));
    }
}

/// <summary>
/// Free multiplicative convolution: Fuss-Catalan moments for MP(1) x MP(1), the S-transform product's moments for other
/// ratios, the density against the module's own Jacobian spectrum of a two-layer linear Gaussian network (the same law,
/// computed by the spectrum solver), and sampled products within the KS bound.
/// </summary>
public class FreeProductTests
{
    [Fact]
    public void TwoWishartLawsGiveFussCatalanMomentsAndTheJacobianSpectrumsDensity()
    {
        var product = new FreeProduct(new MarchenkoPasturLaw(1), new MarchenkoPasturLaw(1));
        double[] fussCatalan = { 1, 1, 3, 12, 55, 273, 1428 };   // binom(3k, k)/(2k + 1)
        for (int k = 1; k <= 6; k++) Close(fussCatalan[k], product.Moment(k), 1e-12, what: $"m_{k}");
        // J J^T of a depth-2 linear network with Gaussian weights (WeightStd 1) is the same law, from the spectrum solver.
        var jacobian = Isometry.FreeProbability.JacobianSpectrumSolver.Solve(WeightInit.Gaussian,
            Activation.Linear, 1.0, 0.0, 2, 256);
        int compared = 0;
        foreach (var row in jacobian.Density)
        {
            if (row.Lambda < 0.05 || row.Lambda > 6.5) continue;
            Close(row.Value, product.Density(row.Lambda), 1e-9, 1e-12, $"rho({row.Lambda})");
            compared++;
        }
        Assert.True(compared > 40, $"{compared} rows compared");
        // Its density blows up like x^(-2/3) at 0; the distribution function's graded integral keeps that mass.
        Close(1.0, product.Cdf(product.Upper), 1e-3, what: "mass");
        var pooled = Enumerable.Range(0, 3).SelectMany(k => EnsembleSampler.ProductEigenvalues(1, 1, 300, 6, k)).ToArray();
        var s = FreeConvolutionSpectrum.Sampled(product, 300, 3, 6, "test", pooled);
        Assert.True(s.KS < s.KSBound, $"KS {s.KS} against {s.KSBound}");
    }

    [Theory]
    [InlineData(0.5, 0.25)]
    [InlineData(2.0, 0.5)]
    public void MomentsFollowFromMultipliedSTransforms(double c1, double c2)
    {
        // MP(c) has S(m) = 1/(1 + c m). The product's S = 1/((1 + c1 m)(1 + c2 m)): m_1 = 1, m_2 = 1 + c1 + c2,
        // m_3 = 1 + 3(c1 + c2) + c1^2 + c2^2 + 3 c1 c2 (worked by hand from chi = S m/(1 + m)).
        var product = new FreeProduct(new MarchenkoPasturLaw(c1), new MarchenkoPasturLaw(c2));
        Close(1.0, product.Moment(1), 1e-14);
        Close(1 + c1 + c2, product.Moment(2), 1e-13);
        Close(1 + 3 * (c1 + c2) + c1 * c1 + c2 * c2 + 3 * c1 * c2, product.Moment(3), 1e-12);
        // Independently: the density's own moments (the continuous part; the atom adds nothing for k >= 1).
        double m2 = AdaptiveGaussKronrod.Integrate(x => x * x * product.Density(x), Enumerable.Range(0, 41).Select(i => product.Upper * i / 40.0).ToArray(), 1e-10, 1e-12);
        Close(1 + c1 + c2, m2, 1e-5, what: "m_2 from the density");
    }

    [Fact]
    public void SampledProductsFollowTheFreeProductWithinTheBound()
    {
        var product = new FreeProduct(new MarchenkoPasturLaw(0.5), new MarchenkoPasturLaw(0.25));
        var pooled = Enumerable.Range(0, 3).SelectMany(k => EnsembleSampler.ProductEigenvalues(0.5, 0.25, 300, 5, k)).ToArray();
        var s = FreeConvolutionSpectrum.Sampled(product, 300, 3, 5, "test", pooled);
        Assert.True(s.KS < s.KSBound, $"KS {s.KS} against {s.KSBound}");
        Assert.Throws<NoSolutionException>(() => new FreeProduct(new SemicircleLaw(), new MarchenkoPasturLaw(1)));
    }
}

/// <summary>
/// The S-transform product against the module's own one-layer Jacobian spectra: for a piecewise-linear activation,
/// J J^T = D W W^T D with Gaussian W is the free product of sw^2 Bernoulli(p) and Marchenko-Pastur(1), which the
/// Jacobian spectrum solver computes by a different route (Newton continuation of its own M^-1).
/// </summary>
public class OneLayerJacobianTests
{
    [Theory]
    [InlineData(Activation.ReLU, 1.4142135623730951, 0.0)]
    [InlineData(Activation.HardTanh, 1.3, 0.2)]
    public void TheFreeProductIsTheJacobianSpectrumOfOneLayer(Activation activation, double sw, double sb)
    {
        var state = FixedPointSolver.Solve(activation, sw, sb);
        double p = state.LinearFraction!.Value;
        var product = new FreeProduct(new TwoPointLaw(p, sw * sw), new MarchenkoPasturLaw(1.0));
        var jacobian = Isometry.FreeProbability.JacobianSpectrumSolver.Solve(WeightInit.Gaussian, activation, sw, sb, 1, 256);
        Close(jacobian.ZeroAtomMass, product.ZeroAtomMass, 1e-14, what: "atom at 0");
        for (int k = 1; k <= 4; k++)
            Close(Isometry.FreeProbability.SpectralMoments.OfSpectrum(jacobian, 4).Moment(k), product.Moment(k), 1e-12, what: $"m_{k}");
        int compared = 0;
        foreach (var row in jacobian.Density)
        {
            if (row.Lambda < 1e-3 * product.Upper || row.Lambda > 0.999 * jacobian.LambdaMax!.Value) continue;
            Close(row.Value, product.Density(row.Lambda), 1e-8, 1e-12, $"rho({row.Lambda})");
            compared++;
        }
        Assert.True(compared > 40, $"{compared} rows compared");
    }
}
