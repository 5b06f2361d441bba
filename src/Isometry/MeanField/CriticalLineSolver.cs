using System;
using Isometry.Activations;
using Isometry.Numerics;

namespace Isometry.MeanField;

/// <summary>
/// The critical line: for each sb, the sw with chi(sw, sb) = 1 at q* = q*(sw, sb).
/// </summary>
/// <remarks>
/// Rather than nesting a fixed-point solve inside a root search on sw, the line is parametrized by q*
/// (MATH.md section 3): sw^2(q) = 1 / E[phi'^2], sb^2(q) = q - sw^2(q) E[phi^2]. One root search on q finds
/// sb^2(q) = sb^2; q is then a fixed point of the map at (sw(q), sb) by construction.
/// </remarks>
public static class CriticalLineSolver
{
    /// <summary>The critical point at <paramref name="biasStd"/>; throws <see cref="NoSolutionException"/> when none exists.</summary>
    public static CriticalLineSample Solve(Activation activation, double biasStd) => Solve(ActivationFunction.For(activation), biasStd);

    /// <summary>As above, for any activation function (a Custom one among them).</summary>
    public static CriticalLineSample Solve(ActivationFunction phi, double biasStd)
    {
        Parameters.Check(0.0, biasStd);
        if (phi.NoCriticalLine is string reason) throw new NoSolutionException("NoCriticalPoint", reason);
        // A bounded phi, or a growing one (SiLU, GELU, SELU), has sb^2(q) rising from its q = 0 value: one search on q.
        return phi.IsPositivelyHomogeneous ? SolveAffine(phi, biasStd) : SolveOnQ(phi, biasStd);
    }

    /// <summary>sb^2 on the critical line as a function of q*.</summary>
    public static double BiasVarianceAt(Activation activation, double qStar)
    {
        return ActivationFunction.For(activation).CriticalBiasVariance(qStar);
    }

    // Linear and ReLU: chi = sw^2 E[phi'^2] is independent of q, so chi = 1 fixes sw, and then f(q) = q + sb^2
    // has a fixed point only when sb = 0 (where every q is fixed).
    private static CriticalLineSample SolveAffine(ActivationFunction phi, double biasStd)
    {
        double sw = 1.0 / Math.Sqrt(phi.MeanSquaredDerivative(1.0));
        if (biasStd > 0.0)
        {
            throw new NoSolutionException("NoCriticalPoint",
                $"{phi.Name} has no critical WeightStd for BiasStd {biasStd:R}: chi = 1 needs WeightStd = {sw:R}, " +
                "where the length map becomes q + sb^2 and q grows without bound. Its only critical point is " +
                $"(WeightStd {sw:R}, BiasStd 0); for a critical line use Tanh, HardTanh, Erf, Sigmoid, SiLU, GELU or SELU.");
        }
        return new CriticalLineSample(phi.Kind, 0.0, sw, null, sw * sw * phi.MeanSquaredDerivative(1.0), phi.LinearFraction(1.0), expression: phi.Expression);
    }

    private static CriticalLineSample SolveOnQ(ActivationFunction phi, double biasStd)
    {
        double target = biasStd * biasStd;
        double q = 0.0;
        // An odd phi is critical at q* = 0 without bias; one with phi(0) != 0 (Sigmoid) is not: f(0) = sw^2 phi(0)^2 > 0,
        // so sb^2(q) < 0 near q = 0 and its zero is found like any other target.
        if (target > 0.0 || phi.CriticalBiasVariance(0.0) < 0.0)
        {
            Func<double, double> h = x => phi.CriticalBiasVariance(x) - target;
            // Bracket: grow hi until sb^2(hi) exceeds the target (sb^2(q) ~ q for large q), then shrink lo below it.
            double hi = Math.Max(target, 1e-3);
            int steps = 0;
            while (!(h(hi) > 0.0))
            {
                hi *= 2.0;
                if (++steps > 1100 || double.IsInfinity(hi))
                    throw new NoSolutionException("NoCriticalPoint", $"No critical WeightStd found for {phi.Name} at BiasStd {biasStd:R}.");
            }
            double lo = 0.5 * hi;
            steps = 0;
            while (!(h(lo) < 0.0))
            {
                lo *= 0.5;
                if (++steps > 1100)
                    throw new NotConvergedException("CriticalPointNotConverged", $"Could not bracket q* on the critical line of {phi.Name} at BiasStd {biasStd:R}.");
            }
            if (!RootFinder.TryBrent(h, lo, hi, out q, relativeTolerance: 1e-15))
                throw new NotConvergedException("CriticalPointNotConverged", $"The critical line of {phi.Name} at BiasStd {biasStd:R} did not converge.");
        }
        double meanSquaredDerivative = phi.MeanSquaredDerivative(q);
        double sw = 1.0 / Math.Sqrt(meanSquaredDerivative);
        bool stable = sw * sw * phi.MeanSquareSlope(q) <= 1.0 + MeanFieldTolerance.Critical;
        return new CriticalLineSample(phi.Kind, biasStd, sw, q, sw * sw * meanSquaredDerivative, phi.LinearFraction(q), stable, phi.Expression);
    }
}
