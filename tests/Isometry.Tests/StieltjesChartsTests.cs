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
    // Next to the top of the support (Tanh's 1, Erf's 4/pi, Sigmoid's 1/16), on it, past it and above it, where G has its
    // square-root branch point: the quadrature errs there by up to 1.6e-9 (at 0.9999), the chart by 6e-14.
    [InlineData(Activation.Tanh, 0.2733, 0.99, 0.0, -1.2136695545999370744, -16.94528911055177893)]
    [InlineData(Activation.Tanh, 0.2733, 0.9999, 0.0, -1.2088864634799532265, -169.52095813685863028)]
    [InlineData(Activation.Tanh, 0.2733, 1.01, 0.0, 15.754707263993343899, 0.0)]
    [InlineData(Activation.Tanh, 0.2733, 1.0, 1e-3, 36.698860766283981064, -37.904205237970895327)]
    [InlineData(Activation.Tanh, 0.2733, 1.05, 0.02, 6.0019050242548817193, -1.3702320499341484467)]
    [InlineData(Activation.Tanh, 0.2733, 0.9999017717179829, 5.8949974986135216e-06, 3.9120546059043068946, -170.81253167993800756)]
    [InlineData(Activation.Tanh, 0.05, 0.9999017717179829, 5.8949974986135216e-06, 2.5705281343406435047, -399.19040320513102293)]
    [InlineData(Activation.Erf, 0.8, 1.27, 0.0, -0.017109559812688523006, -15.444967714532249192)]
    [InlineData(Activation.Erf, 0.8, 1.28, 0.0, 10.637601833277836776, 0.0)]
    [InlineData(Activation.Sigmoid, 0.5, 0.0624, 0.0, -54.340090000025568326, -1000.846330419268367)]
    [InlineData(Activation.Sigmoid, 0.5, 0.0626, 0.0, 950.05514132928566706, 0.0)]
    public void OnTheSupportMatchesAFortyDigitReference(Activation a, double q, double x, double eps, double re, double im)
    {
        var charts = For(a, q);
        var expected = new Complex(re, im);
        var g = charts.EvaluateWithMoment(new Complex(x, eps)).G;
        // The quadrature itself errs by up to 1.7e-10 at these points (1.6e-9 next to the top); the charts by 6e-14.
        Assert.True((g - expected).Magnitude <= 2e-13 * expected.Magnitude, $"G = {g}, expected {expected}");
        // Past the top, on the real axis, G is real: the chart's i pi rho there is real too.
        if (x > charts.MaxValue && eps == 0.0) Assert.Equal(0.0, g.Imaginary);
    }

    /// <summary>
    /// G' on the support next to Erf's top (4/pi = 1.2732), by a central difference of 45-digit mpmath values of G (step
    /// 1e-12): the chart's slope holds it to 1e-11 (the quadrature's errs by 1.2e-6 there).
    /// </summary>
    [Fact]
    public void TheSlopeOfGOnTheSupportNextToTheTopMatchesAReference()
    {
        var slope = For(Activation.Erf, 0.8).EvaluateWithMoment(new Complex(1.029509926149299, 0.0)).DG;
        var expected = new Complex(-0.0386413033110017, -3.16099143872542);
        Assert.True((slope - expected).Magnitude <= 1e-11 * expected.Magnitude, $"G' = {slope}, expected {expected}");
    }

    /// <summary>
    /// The density of d 3.2e-4 below the top of its support, rho = 2 pdf(z0)/|g'(z0)| at g(z0) = x by mpmath at 40 digits:
    /// the charts give it to rounding (the closed form the quadrature uses errs there by 3e-13, solving for z0).
    /// </summary>
    [Theory]
    [InlineData(0.2733, 30.301162994044137773)]
    [InlineData(0.05, 70.750803306539611803)]
    [InlineData(4.0, 7.9225778052689539922)]
    public void TheDensityOfDNextToTheTopOfItsSupportKeepsItsDigits(double q, double expected)
    {
        var g = For(Activation.Tanh, q).EvaluateWithMoment(new Complex(0.9996828819557644, 0.0)).G;
        Assertions.Close(expected, -g.Imaginary / Math.PI, 2e-15, what: "rho");
    }

    /// <summary>
    /// Around the top of the support, in every direction of the upper half plane and on the axis on both sides, the
    /// chart that carries G + i pi rho (and log rho + log(1 - zeta/top)/2) gives what the quadrature gives, its slopes
    /// included, and log rho itself, which carries the density of the spectrum, to the closed form's rounding.
    /// </summary>
    [Theory]
    [InlineData(Activation.Tanh, 0.2733)]
    [InlineData(Activation.Tanh, 0.05)]
    [InlineData(Activation.Tanh, 4.0)]
    [InlineData(Activation.Erf, 0.8)]
    [InlineData(Activation.Sigmoid, 0.5)]
    [InlineData(Activation.Sigmoid, 30.0)]
    public void AroundTheTopOfTheSupportTheChartsMatchTheQuadrature(Activation a, double q)
    {
        var charts = For(a, q);
        double top = charts.MaxValue;
        var rng = new Random(23);
        for (int k = 0; k < 300; k++)
        {
            // zeta = top e^w, |w| from 1e-5 to 0.5, a third of them on the axis (on the support and past the top). There
            // the quadrature is the less accurate of the two (the references above): on the support by up to 1e-9 from
            // 1e-3 of the top (so on the axis only from there, nearer the references decide), off the axis by as much
            // within 1e-3 of it; elsewhere to 1e-11.
            bool onAxis = k % 3 == 0;
            double nearest = onAxis ? 1e-3 : 1e-5;
            double r = Math.Exp(Math.Log(nearest) + (Math.Log(0.5) - Math.Log(nearest)) * rng.NextDouble());
            double theta = onAxis ? (k % 2 == 0 ? 0.0 : Math.PI) : Math.PI * rng.NextDouble();
            var zeta = top * Complex.Exp(new Complex(r * Math.Cos(theta), r * Math.Sin(theta)));
            if (onAxis) zeta = new Complex(zeta.Real, 0.0);
            var c = charts.EvaluateWithMoment(zeta);
            var e = charts.Exact.EvaluateWithMoment(zeta);
            double tolerance = r < 1e-3 || onAxis && zeta.Real < top ? 1e-9 : 1e-11;
            Assert.True((c.G - e.G).Magnitude <= tolerance * e.G.Magnitude, $"G at {zeta}: {c.G} vs {e.G}");
            Assert.True((c.M - e.M).Magnitude <= tolerance * e.M.Magnitude, $"M_D at {zeta}: {c.M} vs {e.M}");
            Assert.True((c.DM - e.DM).Magnitude <= 1e-6 * e.DM.Magnitude, $"M_D' at {zeta}: {c.DM} vs {e.DM}");
            // On the support the quadrature's G' errs by up to 1e-6 (the next test).
            Assert.True((c.DG - e.DG).Magnitude <= (onAxis && zeta.Real < top ? 1e-5 : 1e-6) * e.DG.Magnitude, $"G' at {zeta}: {c.DG} vs {e.DG}");
            if (onAxis && zeta.Real > top) Assert.Equal(0.0, c.G.Imaginary);
            if (onAxis && zeta.Real < top)
            {
                // On the support Im G = -pi rho as the closed form gives rho, to the closed form's rounding: it solves for
                // the root of g(z) = zeta, which next to the top keeps only a relative 1e-16/(1 - zeta/top) of 1 - zeta/top
                // (the chart keeps it all: the next test).
                double rho = Math.Exp(charts.Exact.LogContinuedDensity(zeta)!.Value.Real);
                double closedForm = 1e-13 + 1e-15 / (1.0 - zeta.Real / top);
                Assert.True(Math.Abs(-c.G.Imaginary / Math.PI - rho) <= closedForm * rho, $"rho at {zeta.Real}: {-c.G.Imaginary / Math.PI} vs {rho}");
            }
        }
        var (built, direct) = charts.Count();
        Assert.True(direct == 0, $"{built} charts, {direct} squares left to the quadrature");
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
