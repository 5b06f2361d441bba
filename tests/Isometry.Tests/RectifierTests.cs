using System;
using System.Linq;
using Isometry.Activations;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Isometry.Numerics;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

/// <summary>
/// SiLU, GELU, Softplus and SELU against 30-digit references (mpmath, dps 40: Gaussian expectations by quad over
/// [-inf, -8, -4, -2, -1, 0, 1, 2, 4, 8, inf] of the same formulas, SELU with the float64 values of its constants; fixed
/// points and critical lines by findroot from the module's values), and the properties that make them differ from the
/// bounded activations: growth without bound, repelling critical points, no critical line for Softplus, SELU's q* = 1.
/// </summary>
public class RectifierTests
{
    [Theory]
    [InlineData(Activation.SiLU, 1.2, 0.3, 0.148971902905746060081163437478, 0.406800134914640637733525514941)]
    [InlineData(Activation.SiLU, 1.0, 0.1, 0.0133775810065170310475634079683, 0.253300341177425063722479989579)]
    [InlineData(Activation.GELU, 1.3, 0.2, 0.076517366987397481805724444831, 0.493865624159036644667765734057)]
    [InlineData(Activation.GELU, 1.0, 0.5, 0.392206912922311463549029838092, 0.388768729798141760482608685365)]
    [InlineData(Activation.Softplus, 1.0, 0.0, 0.856305159644932856104039623209, 0.288721849003259174530283846479)]
    [InlineData(Activation.Softplus, 1.2, 0.3, 2.24506416595885793155012284778, 0.46537990328168020004489679406)]
    [InlineData(Activation.SELU, 0.9, 0.2, 0.535339817475669928154209434001, 0.970715286721826948340309775433)]
    [InlineData(Activation.SELU, 1.1, 0.05, 2.45404460292089451813438700629, 1.10583138307115929670598341319)]
    public void FixedPointAndChiMatchTheReference(Activation activation, double sw, double sb, double qStar, double chi)
    {
        var state = FixedPointSolver.Solve(activation, sw, sb);
        Close(qStar, state.QStar!.Value, 1e-12, what: "q*");
        Close(chi, state.Chi, 1e-12, what: "chi");
        Assert.True(state.IsStable);
        Assert.Equal(chi < 1 ? Regime.Ordered : Regime.Chaotic, state.Regime);
    }

    [Fact]
    public void SeluKeepsItsDesignedFixedPointAtWeightStdOneWithoutBias()
    {
        // The published constants make E[phi(z)^2] = 1 for z ~ N(0, 1), so q = 1 maps to itself; the float64 constants
        // move it by 6e-16 (the mpmath reference with those constants: 0.999999999999999388). chi there is 1.0716: SELU
        // at its design point sits on the chaotic side.
        var state = FixedPointSolver.Solve(Activation.SELU, 1.0, 0.0);
        Close(1.0, state.QStar!.Value, 1e-12, what: "q*");
        Close(1.0715749924557992286885651075, state.Chi, 1e-12, what: "chi");
        Assert.Equal(Regime.Chaotic, state.Regime);
    }

    [Theory]
    [InlineData(Activation.SiLU, 0.1, 0.259712503896183245269696216102, 1.82005172226362710982784857458, false)]
    [InlineData(Activation.SiLU, 0.5, 4.42807695402297243015120783675, 1.45694742435263637088273272145, false)]
    [InlineData(Activation.GELU, 0.1, 0.183483193107065422243153040521, 1.72707827530869919176942938978, false)]
    [InlineData(Activation.GELU, 0.5, 6.43410248668625263497610316296, 1.39986821640582003719033361798, true)]
    [InlineData(Activation.SELU, 0.1, 0.308941638149081379919073875048, 0.87191316124990800635173405157, true)]
    [InlineData(Activation.SELU, 0.5, 2.55550957901553703772107131135, 1.04963733402743227381410251058, true)]
    public void CriticalLineMatchesTheReferenceAndSaysWhetherItsFixedPointAttracts(Activation activation, double sb, double qStar,
        double sw, bool stable)
    {
        var point = CriticalLineSolver.Solve(activation, sb);
        Close(sw, point.WeightStd, 1e-12, what: "critical WeightStd");
        Close(qStar, point.QStar!.Value, 1e-12, what: "q*");
        Close(1.0, point.Chi, 1e-13, what: "chi");
        Assert.Equal(stable, point.IsStable);
        // Independently: the length map's slope at q*, sw^2 d/dq E[phi^2] by a central difference of the map itself.
        var map = new LengthMap(activation, point.WeightStd, sb);
        double h = 1e-4 * qStar;
        double slope = (map.Value(qStar + h) - map.Value(qStar - h)) / (2 * h);
        Assert.Equal(stable, slope <= 1.0);
        Close(slope, map.Slope(qStar), 1e-6, what: "map slope");
    }

    [Fact]
    public void WhereTheCriticalPointRepelsTheFixedPointSolverTakesTheAttractingOneBelowIt()
    {
        var point = CriticalLineSolver.Solve(Activation.GELU, 0.3);
        Assert.False(point.IsStable);
        var state = FixedPointSolver.Solve(Activation.GELU, point.WeightStd, 0.3);
        Assert.True(state.QStar < point.QStar);
        Assert.True(state.IsStable);
        Assert.True(state.Chi < 1.0);
        var map = new LengthMap(Activation.GELU, point.WeightStd, 0.3);
        Close(state.QStar!.Value, map.Value(state.QStar!.Value), 1e-13, what: "f(q*) = q*");
    }

    /// <summary>ln(1 + e^x) to full relative accuracy in the tail, where ln(1 + y) once kept only 16 + log10(y) digits.</summary>
    [Theory]
    [InlineData(-30.0, 9.3576229688397367741e-14)]
    [InlineData(-15.0, 3.059022737137204859e-7)]
    [InlineData(-1e-5, 0.69314218057244530942)]
    [InlineData(1e-5, 0.69315218057244530942)]
    [InlineData(3.0, 3.0485873515737420588)]
    [InlineData(40.0, 40.000000000000000004)]
    public void SoftplusKeepsItsDigitsInTheTail(double x, double expected) =>
        Close(expected, ActivationFunction.For(Activation.Softplus).Value(x), 4e-16);

    [Fact]
    public void SoftplusHasNoCriticalLine()
    {
        var ex = Assert.Throws<NoSolutionException>(() => CriticalLineSolver.Solve(Activation.Softplus, 0.1));
        Assert.Equal("NoCriticalPoint", ex.ErrorId);
        // The reason: the bias variance the critical line needs is negative, -4 ln(2)^2 at q = 0 and below it after.
        var phi = ActivationFunction.For(Activation.Softplus);
        Close(-4 * Math.Log(2) * Math.Log(2), phi.CriticalBiasVariance(0.0), 1e-15);
        foreach (double q in new[] { 1e-3, 0.1, 1, 10, 1e3 }) Assert.True(phi.CriticalBiasVariance(q) < -1.9);
    }

    [Theory]
    [InlineData(Activation.SiLU, 1.5)]
    [InlineData(Activation.GELU, 1.5)]
    [InlineData(Activation.Softplus, 1.5)]
    [InlineData(Activation.SELU, 1.5)]
    public void AboveTheirGrowthRateTheVarianceGrowsWithoutBound(Activation activation, double sw)
    {
        // f(q) ~ sw^2 c q with c = 1/2 (lambda^2/2 for SELU): for sw^2 c > 1 no finite fixed point is reached from above
        // the bias variance, and chi is the limit sw^2 c.
        var state = FixedPointSolver.Solve(activation, sw, 1.0);
        Assert.Equal(Regime.Unbounded, state.Regime);
        Assert.Equal(double.PositiveInfinity, state.QStar);
        double c = activation == Activation.SELU ? 0.5 * SELUActivation.Lambda * SELUActivation.Lambda : 0.5;
        Close(sw * sw * c, state.Chi, 1e-15);
        var map = new LengthMap(activation, sw, 1.0);
        foreach (double q in new[] { 1.0, 10.0, 1e3, 1e6 }) Assert.True(map.Value(q) > q);
    }

    [Theory]
    [InlineData(Activation.SiLU)]
    [InlineData(Activation.GELU)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.SELU)]
    public void DerivativesMatchDifferencesOfTheValue(Activation activation)
    {
        var phi = ActivationFunction.For(activation);
        foreach (double x in new[] { -30.0, -6.0, -1.3, -0.2, 0.4, 1.7, 5.0, 40.0 })
        {
            const double h = 1e-5;
            Close((phi.Value(x + h) - phi.Value(x - h)) / (2 * h), phi.Derivative(x), 1e-8, 1e-10, $"phi' at {x}");
            Close((phi.Derivative(x + h) - phi.Derivative(x - h)) / (2 * h), phi.SecondDerivative(x), 1e-7, 1e-10, $"phi'' at {x}");
        }
    }

    [Fact]
    public void SeluMomentsOfDSquaredMatchTheirClosedForm()
    {
        // phi'(h)^2 = lambda^2 for h > 0 (mass 1/2) and lambda^2 alpha^2 e^(2h) below: mu_k = lambda^(2k) / 2 +
        // (lambda alpha)^(2k) e^(2 k^2 q) Phi(-2k sqrt q), an atom beside a continuous part.
        double l = SELUActivation.Lambda, a = SELUActivation.Alpha;
        foreach (double q in new[] { 0.3, 1.0, 4.0 })
        {
            var mu = DiagonalLaw.For(ActivationFunction.For(Activation.SELU), q).Moments(4);
            for (int k = 1; k <= 4; k++)
            {
                double exact = 0.5 * Math.Pow(l, 2 * k) + Math.Pow(l * a, 2 * k) * Math.Exp(2.0 * k * k * q) * GaussianExpectation.Cdf(-2 * k * Math.Sqrt(q));
                Close(exact, mu[k], 1e-12, what: $"mu_{k} at q = {q}");
            }
        }
    }

    /// <summary>
    /// The spectra of the activations whose phi'^2 is not even: exact moments (mean chi^L, one layer's m_2 in closed form),
    /// and a density whose mass is 1 and whose first four moments are the exact ones from mu_k = E[phi'(h)^(2k)]. One
    /// orthogonal layer (the law of sw^2 d itself, with its spikes) is the one case not tabulated, and says so.
    /// </summary>
    [Theory]
    [InlineData(Activation.SiLU, 1.2, 0.3, WeightInit.Orthogonal)]
    [InlineData(Activation.GELU, 1.0, 0.5, WeightInit.Gaussian)]
    [InlineData(Activation.Softplus, 1.2, 0.3, WeightInit.Orthogonal)]
    [InlineData(Activation.SELU, 1.0, 0.0, WeightInit.Gaussian)]
    public void SpectraCarryExactMomentsAndADensityThatHasThem(Activation activation, double sw, double sb, WeightInit init)
    {
        var state = FixedPointSolver.Solve(activation, sw, sb);
        var phi = ActivationFunction.For(activation);
        double q = state.QStar!.Value;
        double mu1 = phi.OverU(q, u => Math.Pow(phi.Derivative(u), 2)), mu2 = phi.OverU(q, u => Math.Pow(phi.Derivative(u), 4));
        foreach (int depth in new[] { 1, 7 })
        {
            var s = JacobianSpectrumSolver.Solve(init, activation, sw, sb, depth);
            // Mean of J J^T = chi^L for either initialization.
            Close(Math.Pow(sw * sw * mu1, depth), s.Mean, 1e-12, what: $"mean at L = {depth}");
            if (depth == 1)
            {
                // One layer: J J^T = D W W^T D. Orthogonal: eigenvalues sw^2 d, m_2 = sw^4 mu_2. Gaussian: m_2 = sw^4 (mu_2 + mu_1^2)
                // (free multiplicative convolution with Marchenko-Pastur at ratio 1).
                var m = SpectralMoments.OfSpectrum(s, 2);
                double expected = init == WeightInit.Orthogonal ? Math.Pow(sw, 4) * mu2 : Math.Pow(sw, 4) * (mu2 + mu1 * mu1);
                Close(expected, m.Moment(2), 1e-12, what: "m_2 at L = 1");
            }
            if (depth == 1 && init == WeightInit.Orthogonal)
            {
                // The law of sw^2 d itself, in bins with their exact masses (the density spikes at the critical values of
                // phi'^2): mass 1 to the root finder's precision, moments to the bins' resolution.
                Assert.True(s.HasDensity, s.DensityError);
                Close(1.0, s.ContinuousMass!.Value, 1e-9, what: "mass of one orthogonal layer");
                var exact1 = s.ExactMoments(2);
                for (int k = 1; k <= 2; k++)
                    Close(exact1[k], s.Density.Sum(x => x.Weight * x.Value * Math.Pow(x.Lambda, k)), 2e-3, what: $"m_{k} of one orthogonal layer");
                continue;
            }
            Assert.True(s.HasDensity, s.DensityError);
            Close(1.0, s.ContinuousMass!.Value, 1e-5, what: $"mass at L = {depth}");
            var exact = s.ExactMoments(4);
            for (int k = 1; k <= 4; k++)
                Close(exact[k], s.Density.Sum(x => x.Weight * x.Value * Math.Pow(x.Lambda, k)), 1e-5, what: $"m_{k} of the density at L = {depth}");
        }
    }

    /// <summary>
    /// The large-q bound that ends the search for a fixed point of an unbounded map: E[phi(u)^2] lies within R / sqrt(q) of
    /// Growth q + Constant at every q (checked against the quadrature from q = 0.01 to 1e8, and R itself against a plain
    /// trapezoid sum of |rho|), and every point it calls Unbounded has f(q) &gt; q at each q the full search up to 1e12
    /// would have tried, while its finite fixed points are unchanged fixed points.
    /// </summary>
    [Theory]
    [InlineData(Activation.SiLU)]
    [InlineData(Activation.GELU)]
    [InlineData(Activation.Softplus)]
    [InlineData(Activation.SELU)]
    public void TheLargeQBoundHoldsAndCallsUnboundedOnlyWhatIs(Activation activation)
    {
        var phi = ActivationFunction.For(activation);
        var (growth, constant, remainder) = phi.LargeQMeanSquare!.Value;
        Close(phi.LinearGrowth!.Value, growth, 0.0, what: "growth");
        // R by a trapezoid sum on [-100, 100] with step 1e-3, against the module's adaptive integral (plus its 1 %).
        double side = 2.0 * constant, sum = 0.0, h = 1e-3;
        for (int i = 0; i <= 200000; i++)
        {
            double u = -100.0 + i * h, v = phi.Value(u);
            // Both halves end at u = 0, where SELU's rho jumps: each side's limit counts there with half a weight.
            sum += i == 100000 ? 0.5 * (Math.Abs(v * v - side) + Math.Abs(v * v))
                : (i == 0 || i == 200000 ? 0.5 : 1.0) * Math.Abs(v * v - (u > 0.0 ? 2.0 * growth * u * u : side));
        }
        Close(1.01 * GaussianExpectation.Pdf(0.0) * sum * h, remainder, 1e-5, what: "R");
        for (double q = 0.01; q <= 1e8; q *= 3.7)
        {
            double gap = Math.Abs(phi.MeanSquare(q) - (growth * q + constant));
            Assert.True(gap <= remainder / Math.Sqrt(q) * (1.0 + 1e-9) + 1e-12 * growth * q, $"q = {q:G4}: |E[phi^2] - bound's centre| = {gap:G4} > {remainder / Math.Sqrt(q):G4}");
        }
        // Near a = 1, where the search used to run to 1e12, and well above it.
        foreach (double sw in new[] { 1.0, 1.35, 1.4, 1.42, 1.45, 1.5, 2.0, 3.0 })
            foreach (double sb in new[] { 0.0, 0.05, 0.5, 1.0 })
            {
                var state = FixedPointSolver.Solve(phi, sw, sb);
                var map = new LengthMap(phi, sw, sb);
                if (state.Regime == Regime.Unbounded)
                {
                    for (double q = Math.Max(sb * sb, 1e-6); q < 1e12 * Math.Max(1.0, sb * sb); q *= 2.0)
                        Assert.True(map.Value(q) > q, $"{activation} ({sw}, {sb}) called Unbounded, but f({q:G4}) <= q");
                }
                else
                    Close(state.QStar!.Value, map.Value(state.QStar!.Value), 1e-10, 1e-300, what: $"q* of {activation} ({sw}, {sb})");
            }
    }

    /// <summary>
    /// SELU with orthogonal weights at small q* (0.008), where d is nearly two atoms (lambda^2, and a narrow lognormal
    /// clump at (lambda alpha)^2): below the spectrum's lower edge the continuation reached the real zeta axis on the
    /// fold's far side and followed that mirror root away from zeta = 0 until it failed. On the axis the physical root
    /// moves toward 0 as lambda falls; it is now bracketed there. Mass and moments against the exact ones.
    /// </summary>
    [Fact]
    public void SeluAtSmallQStarWithOrthogonalWeightsHasItsDensity()
    {
        var s = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.SELU, 0.6, 0.05, 10);
        Assert.True(s.HasDensity, s.DensityError);
        Assert.True(s.QStar < 0.01);
        Close(1.0, s.ContinuousMass!.Value, 1e-5, what: "mass");
        var exact = s.ExactMoments(3);
        for (int k = 1; k <= 3; k++)
            Close(exact[k], s.Density.Sum(x => x.Weight * x.Value * Math.Pow(x.Lambda, k)), 1e-5, what: $"m_{k}");
    }

    /// <summary>
    /// One orthogonal SELU layer: J J^T = sw^2 D^2, so the spectrum is the law of sw^2 phi'(h)^2 itself: an atom at
    /// sw^2 lambda^2 of mass P(h &gt; 0) = 1/2, and below sw^2 (lambda alpha)^2 a lognormal part, P(sw^2 (lambda alpha)^2
    /// e^(2h) &lt;= x, h &lt; 0) = Phi(ln(x / (sw^2 (lambda alpha)^2)) / (2 sqrt(q*))). The rows' distribution function
    /// against that closed form, with the atom in it.
    /// </summary>
    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(1.3, 0.4)]
    public void OneOrthogonalSeluLayerIsItsAtomAndALognormalPart(double sw, double sb)
    {
        const double lambda = 1.0507009873554804934193349852946, alpha = 1.6732632423543772848170429916717;
        var s = JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.SELU, sw, sb, 1);
        Assert.True(s.HasDensity, s.DensityError);
        double q = s.QStar!.Value, top = sw * sw * lambda * lambda * alpha * alpha, atom = sw * sw * lambda * lambda;
        Close(atom, s.AtomLambda!.Value, 1e-15, what: "atom");
        Close(0.5, s.AtomMass!.Value, 1e-15, what: "atom's mass");
        Close(0.5, s.ContinuousMass!.Value, 1e-9, what: "continuous mass");
        Close(top, s.LambdaMax!.Value, 1e-12, what: "top of the continuous part");
        Close(top, s.MaxEigenvalue!.Value, 1e-12, what: "largest eigenvalue");
        double Exact(double x) => MathNet.Numerics.Distributions.Normal.CDF(0.0, 1.0, Math.Log(x / top) / (2.0 * Math.Sqrt(q)))
            * (x < top ? 1.0 : 0.0) + (x >= top ? 0.5 : 0.0) + (x >= atom ? 0.5 : 0.0);
        foreach (double f in new[] { 1e-3, 0.05, 0.3, 0.9, 0.99, 0.999, 1.0001, 1.2, 2.0 })
        {
            double x = f * atom;
            Close(Exact(x), s.FractionBelow(x), 0.0, abs: 2e-4, what: $"P(lambda <= {x:G6})");
        }
        foreach (double f in new[] { 0.5, 0.97 })
            Close(Exact(f * top), s.FractionBelow(f * top), 0.0, abs: 2e-4, what: $"P(lambda <= {f} top)");
        Close(1.0, s.FractionBelow(top), 1e-12, what: "everything at or below the top");
        // Moments: the rows (bins of exact mass) plus the atom, against mu_k.
        var exact = s.ExactMoments(2);
        for (int k = 1; k <= 2; k++)
            Close(exact[k], s.Density.Sum(x => x.Weight * x.Value * Math.Pow(x.Lambda, k)) + 0.5 * Math.Pow(atom, k), 1e-3, what: $"m_{k}");
    }

    /// <summary>
    /// At small q* the phi'^2 of SiLU and GELU peaks (at h = 2.4) far out in the Gaussian's tail, and Softplus's has no
    /// peak: the support that carries mass ends softly at |z| = 8.5, with no spike. With orthogonal weights the spectrum
    /// ends softly too, at lambda* = M^-1(M_D(top)), and below its narrow bulk the law of d has so little mass that the
    /// roots' Im y is rounding noise (once a Newton failure: the density was withheld). Mass and moments of the density
    /// against the exact ones; deeper, where the bulk's edges are cliffs a 512-point grid resolves to 1e-4, bounds that
    /// say so. Once NaN reached a root finder here: an internal error.
    /// </summary>
    [Theory]
    [InlineData(WeightInit.Gaussian, Activation.SiLU, 1.0, 0.1, 3, 1e-5)]
    [InlineData(WeightInit.Orthogonal, Activation.GELU, 1.0, 0.1, 3, 1e-12)]
    [InlineData(WeightInit.Orthogonal, Activation.SiLU, 1.0, 0.1, 3, 1e-12)]
    [InlineData(WeightInit.Orthogonal, Activation.SiLU, 1.0, 0.05, 3, 1e-7)]
    [InlineData(WeightInit.Orthogonal, Activation.Softplus, 0.3, 0.0, 3, 1e-12)]
    [InlineData(WeightInit.Orthogonal, Activation.SiLU, 1.0, 0.1, 10, 5e-4)]
    [InlineData(WeightInit.Orthogonal, Activation.Softplus, 0.3, 0.0, 10, 5e-4)]
    public void ASoftTopOfTheLawOfD2HasItsDensity(WeightInit init, Activation activation, double sw, double sb, int depth, double tolerance)
    {
        var s = JacobianSpectrumSolver.Solve(init, activation, sw, sb, depth);
        Assert.True(s.HasDensity, s.DensityError);
        Close(1.0, s.ContinuousMass!.Value, tolerance, what: "mass");
        var exact = s.ExactMoments(3);
        for (int k = 1; k <= 3; k++)
            Close(exact[k], s.Density.Sum(x => x.Weight * x.Value * Math.Pow(x.Lambda, k)), tolerance, what: $"m_{k} of the soft-edged density");
        Assert.All(s.Density, x => Assert.True(x.Value >= 0.0 && double.IsFinite(x.Value)));
        Close(Math.Pow(sw * sw * ActivationFunction.For(activation).MeanSquaredDerivative(s.QStar!.Value), depth), s.Mean, 1e-12, what: "mean");
    }
}
