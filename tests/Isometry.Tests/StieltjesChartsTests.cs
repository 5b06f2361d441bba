using System;
using System.Linq;
using System.Numerics;
using Isometry.Activations;
using Isometry.FreeProbability;
using Xunit;

namespace Isometry.Tests;

/// <summary>
/// The polynomial charts of an even law's transform that every depth of a sweep shares: against 40-digit references on
/// and next to the support (where they beat the quadrature they are read from), against the quadrature off the axis,
/// independent of the order in which they are built, and giving the densities the quadrature gives.
/// </summary>
public class StieltjesChartsTests
{
    private static StieltjesCharts For(Activation a, double q) =>
        new(new SquaredSlopeStieltjes((IAnalyticSquaredSlope)ActivationFunction.For(a), q));

    /// <summary>
    /// G(x + i eps) by mpmath quadrature at 40 digits, the integral split at the pole and at points 1e-2 .. 1e-26 from
    /// it on both sides (eps = 0 taken as 1e-30: the limit from above).
    /// </summary>
    [Theory]
    [InlineData(Activation.Tanh, 0.2733, 0.8438731244034902, 1e-6, -1.2909553991682233933, -4.2539481093875198358)]
    [InlineData(Activation.Tanh, 0.2733, 0.3, 0.0, -1.7887910033712803252, -1.7608287215547626322)]
    [InlineData(Activation.Tanh, 4.0, 0.017022533242703156, 0.0, 21.234383728716197808, -13.888038701864690978)]
    [InlineData(Activation.Erf, 0.8, 0.5, 0.0, 0.03672709774539775949, -1.5305052650854415784)]
    [InlineData(Activation.Erf, 2.0, 1e-3, 1e-9, 160.27640124681246212, -95.892453311997403633)]
    [InlineData(Activation.Sigmoid, 30.0, 0.0016, 0.0, 338.22544887996633161, -132.48423826466328217)]
    public void OnTheSupportMatchesAFortyDigitReference(Activation a, double q, double x, double eps, double re, double im)
    {
        var charts = For(a, q);
        var expected = new Complex(re, im);
        var g = charts.EvaluateWithMoment(new Complex(x, eps)).G;
        // The quadrature itself errs by up to 1.7e-10 at these points; the charts by 5e-14.
        Assert.True((g - expected).Magnitude <= 2e-13 * expected.Magnitude, $"G = {g}, expected {expected}");
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.2733)]
    [InlineData(Activation.Tanh, 4.0)]
    [InlineData(Activation.Tanh, 0.01)]
    [InlineData(Activation.Erf, 0.8)]
    [InlineData(Activation.Erf, 2.0)]
    [InlineData(Activation.Sigmoid, 0.5)]
    [InlineData(Activation.Sigmoid, 30.0)]
    public void OffTheAxisMatchTheQuadrature(Activation a, double q)
    {
        var charts = For(a, q);
        var rng = new Random(5);
        for (int k = 0; k < 300; k++)
        {
            // |zeta| from 1e-13 to 20, every direction of the upper half plane (the negative real axis among them);
            // within 0.02 of the positive axis the quadrature is the less accurate of the two (test above).
            double logAbs = -30.0 + 33.0 * rng.NextDouble();
            double arg = k % 17 == 0 ? Math.PI : 0.02 + (Math.PI - 0.02) * rng.NextDouble();
            var zeta = arg == Math.PI ? new Complex(-Math.Exp(logAbs), 0.0) : Complex.FromPolarCoordinates(Math.Exp(logAbs), arg);
            var c = charts.EvaluateWithMoment(zeta);
            var e = charts.Exact.EvaluateWithMoment(zeta);
            Assert.True((c.G - e.G).Magnitude <= 1e-11 * e.G.Magnitude, $"G at {zeta}: {c.G} vs {e.G}");
            Assert.True((c.M - e.M).Magnitude <= 1e-11 * e.M.Magnitude, $"M_D at {zeta}: {c.M} vs {e.M}");
            // Derivatives only steer Newton's method; a wrong sign or term would be off by order 1.
            Assert.True((c.DM - e.DM).Magnitude <= 1e-6 * e.DM.Magnitude, $"M_D' at {zeta}: {c.DM} vs {e.DM}");
            // G' is the chart's slope: near zeta = 0, where G is all but constant, it keeps digits relative to |G/zeta|.
            Assert.True((c.DG - e.DG).Magnitude <= 1e-6 * (e.DG.Magnitude + 1e-6 * (e.G / zeta).Magnitude), $"G' at {zeta}: {c.DG} vs {e.DG}");
        }
        var (built, direct) = charts.Count();
        Assert.True(built > 0 && direct == 0, $"{built} charts, {direct} squares left to the quadrature");
    }

    /// <summary>
    /// Below the real axis (where Newton's iterates stray by rounding far down a tail) the continuation reads the mirror
    /// image of the charts above: it must give what the quadrature gives there, G from below the support.
    /// </summary>
    [Theory]
    [InlineData(Activation.Tanh, 0.05)]
    [InlineData(Activation.Erf, 0.8)]
    [InlineData(Activation.Sigmoid, 0.5)]
    public void BelowTheAxisTheContinuationMatchesTheQuadrature(Activation a, double q)
    {
        var charts = For(a, q);
        var rng = new Random(11);
        for (int k = 0; k < 200; k++)
        {
            // Just below the axis (on and off the support) and well below it.
            double logAbs = -20.0 + 22.0 * rng.NextDouble();
            double arg = k % 2 == 0 ? -1e-7 * rng.NextDouble() : -(0.05 + 3.0 * rng.NextDouble());
            var zeta = Complex.FromPolarCoordinates(Math.Exp(logAbs), arg);
            var c = charts.Continue(zeta);
            var e = charts.Exact.EvaluateWithMoment(zeta);
            // Next to the support the quadrature itself errs by up to 2e-10 (test above).
            Assert.True((c.G - e.G).Magnitude <= 1e-9 * e.G.Magnitude, $"G at {zeta}: {c.G} vs {e.G}");
            Assert.True((c.M - e.M).Magnitude <= 1e-9 * e.M.Magnitude, $"M_D at {zeta}: {c.M} vs {e.M}");
            Assert.True((c.DM - e.DM).Magnitude <= 1e-6 * e.DM.Magnitude, $"M_D' at {zeta}: {c.DM} vs {e.DM}");
            Assert.Equal(Complex.Log(zeta).Imaginary, c.LogZeta.Imaginary, 15);
        }
    }

    [Fact]
    public void TheDensityOfDFarInItsTailKeepsItsDigits()
    {
        // On the support Im G = -pi rho, rho from its closed form however small: at 1e-20 it is 1.6e-99, where the
        // quadrature's Im G has already underflowed to 0.
        var charts = For(Activation.Tanh, 0.2733);
        foreach (double x in new[] { 0.5, 1e-3, 1e-9, 1e-20 })
        {
            double im = charts.EvaluateWithMoment(new Complex(x, 0.0)).G.Imaginary;
            double expected = -Math.PI * charts.Exact.Density(x);
            Assert.True(expected < 0.0 && Math.Abs(im / expected - 1.0) <= 1e-12, $"Im G({x}) = {im:R}, -pi rho = {expected:R}");
        }
    }

    [Fact]
    public void NearZeroWhereGDivergesTheSlopeOfMStaysFinite()
    {
        // Erf at q* > 1/4: E[1/d] diverges, G ~ zeta^-a as zeta -> 0 and G' overflows by zeta = e^-380, while
        // M_D' = G + zeta G' does not (a spectrum at WeightStd 2.91 once lost its tail there).
        var charts = For(Activation.Erf, 6.40377);
        foreach (double logAbs in new[] { -300.0, -380.0, -450.0, -600.0 })
            foreach (double arg in new[] { 0.0, 1e-3, 0.3 })
            {
                var zeta = arg == 0.0 ? new Complex(Math.Exp(logAbs), 0.0) : Complex.FromPolarCoordinates(Math.Exp(logAbs), arg);
                var c = charts.EvaluateWithMoment(zeta);
                var e = charts.Exact.EvaluateWithMoment(zeta);
                Assert.True(double.IsFinite(c.DM.Real) && double.IsFinite(c.DM.Imaginary), $"M_D'({zeta}) = {c.DM}");
                Assert.True((c.DM - e.DM).Magnitude <= 1e-6 * e.DM.Magnitude, $"M_D' at {zeta}: {c.DM} vs {e.DM}");
                Assert.True((c.M - e.M).Magnitude <= 1e-11 * e.M.Magnitude, $"M_D at {zeta}: {c.M} vs {e.M}");
            }
        var spectrum = JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Erf, 2.91, 0.0, 1);
        Assert.Null(spectrum.DensityError);
        Assertions.Close(1.0, spectrum.ContinuousMass!.Value, 1e-5, what: "continuous mass");
    }

    [Fact]
    public void ValuesDoNotDependOnTheOrderTheChartsWereBuilt()
    {
        // What makes shards merge bit for bit: a chart is a function of its square alone.
        var rng = new Random(11);
        var points = Enumerable.Range(0, 200).Select(_ =>
            Complex.FromPolarCoordinates(Math.Exp(-20.0 + 22.0 * rng.NextDouble()), Math.PI * rng.NextDouble())).ToArray();
        var forward = For(Activation.Tanh, 0.2733);
        var backward = For(Activation.Tanh, 0.2733);
        var a = points.Select(z => forward.EvaluateWithMoment(z)).ToArray();
        var b = points.Reverse().Select(z => backward.EvaluateWithMoment(z)).Reverse().ToArray();
        for (int i = 0; i < points.Length; i++) Assert.Equal(a[i], b[i]);
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.2733)]
    [InlineData(Activation.Erf, 2.0)]
    [InlineData(Activation.Sigmoid, 30.0)]
    public void VectorizedReadsHaveTheBitsOfThePlainLoop(Activation a, double q)
    {
        // Results must not depend on the processor a shard ran on: the AVX reads (where there are any) do the same
        // fused multiply-adds as the plain loop. Points on and next to the support (its charts carry log rho as well)
        // and all over the upper half plane.
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported) return;
        var charts = For(a, q);
        var rng = new Random(13);
        for (int k = 0; k < 400; k++)
        {
            var zeta = k % 2 == 0
                ? new Complex(charts.MaxValue * Math.Exp(-25.0 * rng.NextDouble()), k % 4 == 0 ? 0.0 : 1e-9 * rng.NextDouble())
                : Complex.FromPolarCoordinates(Math.Exp(-25.0 + 27.0 * rng.NextDouble()), Math.PI * rng.NextDouble());
            var vector = charts.EvaluateWithMoment(zeta, vectorized: true);
            var plain = charts.EvaluateWithMoment(zeta, vectorized: false);
            foreach (var (x, y) in new[] { (vector.G, plain.G), (vector.DG, plain.DG), (vector.M, plain.M), (vector.DM, plain.DM) })
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(y.Real), BitConverter.DoubleToInt64Bits(x.Real));
                Assert.Equal(BitConverter.DoubleToInt64Bits(y.Imaginary), BitConverter.DoubleToInt64Bits(x.Imaginary));
            }
        }
    }

    [Theory]
    [InlineData(Activation.Tanh, 0.1, 2)]
    [InlineData(Activation.Tanh, 0.1, 10)]
    [InlineData(Activation.Tanh, 0.1, 100)]
    [InlineData(Activation.Erf, 0.3, 20)]
    [InlineData(Activation.Sigmoid, 0.5, 50)]
    public void SpectraFromTheChartsEqualThoseFromTheQuadrature(Activation a, double biasStd, int depth)
    {
        var setup = JacobianSpectrumSolver.Prepare(a, Isometry.MeanField.CriticalLineSolver.Solve(a, biasStd).WeightStd, biasStd);
        var charted = JacobianSpectrumSolver.Solve(setup, WeightInit.Orthogonal, depth);
        var direct = JacobianSpectrumSolver.Solve(setup.WithQuadrature(), WeightInit.Orthogonal, depth);
        Assert.Null(charted.DensityError);
        Assert.Null(direct.DensityError);
        Assertions.Close(direct.ContinuousMass!.Value, charted.ContinuousMass!.Value, 1e-12, what: "continuous mass");
        Assertions.Close(direct.LambdaMax!.Value, charted.LambdaMax!.Value, 1e-11, what: "top edge");
        var c = charted.Density.Where(r => r.Region == DensitySample.GridRegion).ToArray();
        var d = direct.Density.Where(r => r.Region == DensitySample.GridRegion).ToArray();
        Assert.Equal(d.Length, c.Length);
        double peak = d.Max(r => r.Value * r.Lambda);
        for (int i = 0; i < d.Length; i++)
        {
            Assertions.Close(d[i].Lambda, c[i].Lambda, 1e-11, what: "grid lambda");
            // Per unit log lambda, to 1e-9 of the peak: the Newton floor at these depths, and the quadrature's own
            // 1e-10 next to the support.
            Assertions.Close(d[i].Value * d[i].Lambda, c[i].Value * c[i].Lambda, 0.0, 1e-9 * peak, $"density at lambda {d[i].Lambda:G6}");
        }
    }
}
