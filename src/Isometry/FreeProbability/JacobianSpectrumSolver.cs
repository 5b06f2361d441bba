using System;
using System.Globalization;
using System.Linq;
using System.Collections.Generic;
using Isometry.Activations;
using Isometry.MeanField;

namespace Isometry.FreeProbability;

/// <summary>The mean-field state and the law of D^2 of one (activation, sw, sb): shared by every depth.</summary>
public sealed class NetworkSetup
{
    internal NetworkSetup(MeanFieldState state, DiagonalLaw law)
    {
        State = state;
        Law = law;
    }

    public MeanFieldState State { get; }
    public DiagonalLaw Law { get; }

    /// <summary>
    /// The same setup with an even law's transform read from the quadrature at every point rather than from its
    /// charts: the reference that tests hold the charts to.
    /// </summary>
    public NetworkSetup WithQuadrature() => new(State, Law is SmoothLaw smooth ? smooth.WithoutCharts() : Law);
}

/// <summary>Theoretical Jacobian spectra from free probability (MATH.md section 4).</summary>
public static class JacobianSpectrumSolver
{
    public const int DefaultDensityPoints = 512;

    /// <summary>
    /// How far the density's mass may miss its known value before the density is withheld: 1e-3, or more on a grid
    /// so coarse that its own resolution explains it (50/points^2: 0.8 at 8 points).
    /// </summary>
    public static double MassTolerance(int densityPoints) => Math.Max(1e-3, 50.0 / ((double)densityPoints * densityPoints));

    /// <summary>Solves the mean field once; the result serves every depth.</summary>
    public static NetworkSetup Prepare(Activation activation, double weightStd, double biasStd) =>
        Prepare(ActivationFunction.For(activation), weightStd, biasStd);

    /// <summary>As above, for any activation function (a Custom one among them).</summary>
    public static NetworkSetup Prepare(ActivationFunction phi, double weightStd, double biasStd)
    {
        var state = FixedPointSolver.Solve(phi, weightStd, biasStd);
        var activation = phi.Kind;
        // Linear and ReLU have the same D^2 law whatever q is (even when q diverges); the others need a finite q*.
        double q = state.QStar is double v && double.IsFinite(v) ? v : 0.0;
        if (!phi.IsPiecewiseLinear && !phi.IsPositivelyHomogeneous && !(state.QStar is double f && double.IsFinite(f)))
            throw new NoSolutionException("NoFixedPoint", $"{phi.Name} at WeightStd {weightStd:R}, BiasStd {biasStd:R} has no finite q*.");
        return new NetworkSetup(state, DiagonalLaw.For(phi, q));
    }

    public static JacobianSpectrum Solve(WeightInit init, Activation activation, double weightStd, double biasStd, int depth,
        int densityPoints = DefaultDensityPoints) =>
        Solve(Prepare(activation, weightStd, biasStd), init, depth, densityPoints);

    public static JacobianSpectrum Solve(NetworkSetup setup, WeightInit init, int depth, int densityPoints = DefaultDensityPoints)
    {
        var s = setup.State;
        var model = new JacobianModel(init, setup.Law, s.WeightStd, depth);
        var c = model.NormalizedMoments(2);
        double logMean = model.LogMean;
        double mean = Math.Exp(logMean);
        // m_2 / m_1^2 - 1 >= 0; exactly 0 for an isometric spectrum, where log10 of the variance does not exist.
        double spread = Math.Max(0.0, c[2] - 1.0);
        double variance = spread == 0.0 ? 0.0 : Math.Exp(2 * logMean + Math.Log(spread));
        double? log10Variance = spread == 0.0 ? null : (2 * logMean + Math.Log(spread)) / Math.Log(10.0);

        double zeroMass = setup.Law.ZeroMass;
        double? atomLambda = null, atomMass = null;
        if (init == WeightInit.Orthogonal && setup.Law is BernoulliLaw b)
        {
            double top = 1.0 - depth * (1.0 - b.P);
            if (top > 1e-12)
            {
                atomMass = top;
                atomLambda = Math.Exp(model.LogTopAtom!.Value);
            }
        }
        else if (init == WeightInit.Orthogonal && depth == 1 && setup.Law is SmoothLaw { Atom: var (value, mass) })
        {
            // One orthogonal layer: J J^T = sw^2 D^2 exactly, so d's atom (SELU's lambda^2 from its constant slope on
            // x > 0) stays an atom of the spectrum, inside the continuous part's support.
            atomMass = mass;
            atomLambda = s.WeightStd * s.WeightStd * value;
        }
        // p - atom rather than 1 - (1 - p) - atom: p can be far below the rounding of 1 (HardTanh at huge WeightStd).
        double expectedContinuous = setup.Law is BernoulliLaw law ? law.P - (atomMass ?? 0.0) : 1.0 - zeroMass - (atomMass ?? 0.0);

        SpectralDensity density = SpectralDensity.Empty;
        double? continuousMass = 0.0;
        double? lambdaMax = null, lambdaMin = null, massBelowGrid = null;
        string? densityError = null;
        if (NotTabulated(setup, init, depth) is string scope)
        {
            continuousMass = null;
            densityError = scope;
        }
        else if (setup.Law is SmoothLaw && s.QStar > SmoothDensityMaxQStar)
        {
            continuousMass = null;
            densityError = string.Format(CultureInfo.InvariantCulture,
                "The density of a smooth activation is followed up to q* = {0:G3}; at q* = {1:G4} the law of D^2 piles up so close to 0 " +
                "that its continuation is not resolved.", SmoothDensityMaxQStar, s.QStar);
        }
        else if (expectedContinuous > 0.0 && expectedContinuous <= 1e-12)
        {
            // Too little mass for a grid (p ~ 1e-20 at huge WeightStd), but its top edge still bounds the spectrum.
            continuousMass = expectedContinuous;
            lambdaMax = Math.Exp(DensitySolver.RightEdge(model).LogLambda);
            lambdaMin = 0.0;
        }
        else if (expectedContinuous > 1e-12)
        {
            try
            {
                var d = DensitySolver.Solve(model, densityPoints);
                // The mass is known in advance: a density that misses it by more than resolution can explain was
                // not followed (depths far beyond 10,000, say), and is not reported as if it were.
                if (!(Math.Abs(d.ContinuousMass - expectedContinuous) <= MassTolerance(densityPoints)))
                    throw new NotConvergedException("SpectrumNotConverged",
                        $"The density's mass came out {d.ContinuousMass:G6} instead of {expectedContinuous:G6}: it was not resolved at depth {depth}.");
                density = WithDistribution(d, zeroMass, atomLambda, atomMass);
                massBelowGrid = d.Below.Sum(b => b.Mass);
                continuousMass = d.ContinuousMass;
                lambdaMax = d.LambdaMax;
                lambdaMin = d.LambdaMin;
            }
            catch (NotConvergedException ex)
            {
                continuousMass = null;
                densityError = ex.Message;
            }
        }
        return new JacobianSpectrum(depth, init, s.Activation, s.WeightStd, s.BiasStd, s.QStar, s.Chi, s.LinearFraction,
            mean, variance, logMean / Math.Log(10.0), log10Variance, lambdaMax, lambdaMin, zeroMass, atomLambda, atomMass, continuousMass,
            massBelowGrid, density, "FreeProbability", model, densityError, expression: s.Expression);
    }

    /// <summary>
    /// Why the density of this spectrum is outside what the module tabulates (null when it is within): a law of D^2 known
    /// by its moments only (a Custom activation with no continuation, SELU at q* = 0). This is the scope of the module,
    /// not a failure of the point.
    /// </summary>
    public static string? NotTabulated(NetworkSetup setup, WeightInit init, int depth)
    {
        var s = setup.State;
        if (setup.Law is MomentLaw)
            return s.Activation == Activation.Custom
                ? "The density of this Custom activation's spectrum is not computed: the density's route integrates along a path off the " +
                  "real axis, which needs phi' at complex arguments, and the expression has no continuation there (a conditional, Abs, " +
                  "Max, Min, Floor or the like)."
                : $"The density of {s.Activation}'s spectrum at q* = {s.QStar:G4} is not computed: its law of phi'(h)^2 is known by its moments only.";
        return null;
    }

    /// <summary>
    /// Beyond this q* a smooth activation's D^2 law is a spike at 0 (phi'(sqrt(q*) z)^2 vanishes but for |z| below
    /// 1/sqrt(q*)): the density continuation fails there, slowly, so it is not attempted (Tanh resolves to about 1e3).
    /// </summary>
    public const double SmoothDensityMaxQStar = 1e4;

    /// <summary>
    /// The grid rows, then one row per bin of mass below the grid, each with the distribution function at its Lambda:
    /// the zero atom, the continuous mass below (half of the row's own, the midpoint rule), and the top atom once
    /// Lambda reaches it.
    /// </summary>
    private static SpectralDensity WithDistribution(DensitySolver.Result d, double zeroMass, double? atomLambda, double? atomMass)
    {
        // The rows go straight into the density's columns (sized for every bin, trimmed if an empty one was skipped).
        int grid = d.Density.Count, count = 0;
        double[] lambdas = new double[grid + d.Below.Count], values = new double[lambdas.Length], weights = new double[lambdas.Length];
        foreach (var x in d.Density) (lambdas[count], values[count], weights[count++]) = (x.Lambda, x.Value, x.Weight);
        foreach (var b in d.Below)
        {
            double width = b.High - b.Low;
            if (!(width > 0.0) || !(b.Mass > 0.0)) continue;
            double lambda = b.Low > 0.0 ? b.Low * Math.Sqrt(b.High / b.Low) : 0.5 * b.High;   // the product would underflow
            (lambdas[count], values[count], weights[count++]) = (lambda, b.Mass / width, width);
        }
        if (count < lambdas.Length)
        {
            Array.Resize(ref lambdas, count);
            Array.Resize(ref values, count);
            Array.Resize(ref weights, count);
        }
        var cdfs = new double[count];
        double below = zeroMass;
        for (int i = count - 1; i >= 0; i--)
        {
            double own = values[i] * weights[i];
            double cdf = below + 0.5 * own;
            if (atomMass is double am && atomLambda is double al && lambdas[i] >= al) cdf += am;
            cdfs[i] = Math.Min(1.0, cdf);
            below += own;
        }
        return new SpectralDensity(lambdas, values, weights, cdfs, grid);
    }
}
