using System;
using Isometry.Activations;
using Isometry.Numerics;

namespace Isometry.MeanField;

/// <summary>
/// Finds the attracting fixed point q* = f(q*) of the length map and everything measured there.
/// </summary>
public static class FixedPointSolver
{
    /// <summary>Solves at (activation, sw, sb); throws <see cref="NotConvergedException"/> when q* cannot be found.</summary>
    public static MeanFieldState Solve(Activation activation, double weightStd, double biasStd) =>
        Solve(activation, weightStd, biasStd, out _);

    /// <summary>
    /// As <see cref="Solve(Activation, double, double)"/>; <paramref name="warning"/> says why a secondary
    /// quantity (the depth scale of correlations) was left null.
    /// </summary>
    public static MeanFieldState Solve(Activation activation, double weightStd, double biasStd, out string? warning) =>
        Solve(ActivationFunction.For(activation), weightStd, biasStd, out warning);

    /// <summary>As above, for any activation function (a Custom one among them).</summary>
    public static MeanFieldState Solve(ActivationFunction function, double weightStd, double biasStd) => Solve(function, weightStd, biasStd, out _);

    public static MeanFieldState Solve(ActivationFunction function, double weightStd, double biasStd, out string? warning)
    {
        var state = SolveMap(new LengthMap(function, weightStd, biasStd), out warning);
        return function.Expression is null ? state : state.WithExpression(function.Expression);
    }

    private static MeanFieldState SolveMap(LengthMap map, out string? warning)
    {
        warning = null;
        var phi = map.Function;
        if (phi.IsPositivelyHomogeneous) return SolveAffine(map);
        if (phi.IsBounded) return SolveAtFiniteFixedPoint(map, FiniteQStar(map, map.BiasVariance + map.WeightVariance), ref warning);
        // Unbounded and not homogeneous (SiLU, GELU, Softplus, SELU): f(q) ~ a q + O(sqrt q) at large q. q* is the fixed point
        // the map settles on from small inputs, as for the bounded ones: 0 when it attracts, else the first q above the
        // bias variance where f comes down to q; when there is none (a > 1), q grows without bound.
        double a = map.WeightVariance * phi.LinearGrowth!.Value;
        if (GrowingUpperBracket(map, a) is double hi)
            return SolveAtFiniteFixedPoint(map, FiniteQStar(map, hi), ref warning);
        return new MeanFieldState(map.Activation, map.WeightStd, map.BiasStd, double.PositiveInfinity, a, a, false, null,
            Regime.Unbounded, null, null, null);
    }

    /// <summary>
    /// For a map that grows like a q: a q with f(q) &lt;= q, the first of max(sb^2, 1e-6) doubled, or 0 when q = 0 is
    /// fixed and attracts; null when f stays above q up to 1e12 (1e300 for a &lt; 1, where it must turn), or, with a
    /// bound on the map at large q, up to where that bound proves f(q) &gt; q from there on.
    /// </summary>
    private static double? GrowingUpperBracket(LengthMap map, double a)
    {
        if (map.Value(0.0) == 0.0 && map.Slope(0.0) <= 1.0 + MeanFieldTolerance.Critical) return 0.0;
        double limit = a < 1.0 - MeanFieldTolerance.Critical ? 1e300 : 1e12 * Math.Max(1.0, map.BiasVariance);
        for (double q = Math.Max(map.BiasVariance, 1e-6); q < limit; q *= 2.0)
        {
            if (map.Value(q) <= q) return q;
            if (a > 1.0 && AboveTheDiagonalFrom(map, q)) return null;
        }
        return null;
    }

    /// <summary>
    /// Whether f(x) &gt; x for every x &gt;= q, by the large-q bound E[phi^2] &gt;= Growth x + Constant - Remainder / sqrt(x):
    /// then f(x) - x &gt;= (a - 1) x + sw^2 (Constant - Remainder / sqrt x) + sb^2, which grows with x once a &gt; 1. This ends
    /// the bracket search of an unbounded map (SiLU at a = 1.2) after a few doublings instead of forty.
    /// </summary>
    private static bool AboveTheDiagonalFrom(LengthMap map, double q)
    {
        if (map.Function.LargeQMeanSquare is not var (growth, constant, remainder)) return false;
        double a = map.WeightVariance * growth;
        return (a - 1.0) * q + map.WeightVariance * (constant - remainder / Math.Sqrt(q)) + map.BiasVariance > 0.0;
    }

    // Linear and ReLU: f(q) = a q + sb^2 with a = chi = sw^2 E[phi'^2] independent of q.
    private static MeanFieldState SolveAffine(LengthMap map)
    {
        // E[phi'^2] does not depend on q here; it is taken at q = 1, away from a kink at 0 (a user's leaky ReLU).
        double a = map.WeightVariance * map.Function.MeanSquaredDerivative(1.0);
        double? p = map.Function.LinearFraction(1.0);
        double tol = MeanFieldTolerance.Critical;
        if (a < 1.0 - tol)
        {
            double q = map.BiasVariance / (1.0 - a);
            double xi = DepthScale(a);
            return new MeanFieldState(map.Activation, map.WeightStd, map.BiasStd, q, a, a, true, p,
                Regime.Ordered, xi, xi, 1.0);
        }
        if (a <= 1.0 + tol && map.BiasVariance == 0.0)
        {
            // Marginal: f(q) = q, every q is a fixed point; q* depends on the input, so it is not reported.
            return new MeanFieldState(map.Activation, map.WeightStd, map.BiasStd, null, a, a, true, p,
                Regime.Critical, double.PositiveInfinity, double.PositiveInfinity, 1.0);
        }
        // a >= 1 with a bias, or a > 1: q^l grows without bound (q = 0 is a repelling fixed point at best).
        return new MeanFieldState(map.Activation, map.WeightStd, map.BiasStd, double.PositiveInfinity, a, a, false, p,
            Regime.Unbounded, null, null, null);
    }

    // Bounded phi (f <= sb^2 + sw^2), or a growing one below its bracket: q* is finite; chi, the regime and depth scales there.
    private static MeanFieldState SolveAtFiniteFixedPoint(LengthMap map, double q, ref string? warning)
    {
        double chi = map.Chi(q);
        double slope = map.Slope(q);
        double tol = MeanFieldTolerance.Critical;
        var regime = chi < 1.0 - tol ? Regime.Ordered : chi <= 1.0 + tol ? Regime.Critical : Regime.Chaotic;
        double? cStar = 1.0, xiC;
        if (regime == Regime.Chaotic)
        {
            var cmap = new CorrelationMap(map.Function, map.WeightStd, map.BiasStd, q);
            try
            {
                double c = cmap.FixedPoint();
                cStar = c;
                xiC = DepthScale(cmap.Slope(c));
            }
            catch (NotConvergedException ex)
            {
                cStar = null;
                xiC = null;
                warning = ex.Message;
            }
        }
        else
        {
            // Ordered or critical: c = 1 attracts and chi_c = C'(1) = chi.
            xiC = DepthScale(chi);
        }
        return new MeanFieldState(map.Activation, map.WeightStd, map.BiasStd, q, chi, slope,
            slope <= 1.0 + tol, map.Function.LinearFraction(q), regime, DepthScale(slope), xiC, cStar);
    }

    /// <summary>The attracting fixed point below <paramref name="upper"/>, a q with f(q) &lt;= q.</summary>
    private static double FiniteQStar(LengthMap map, double upper)
    {
        double tol = MeanFieldTolerance.Critical;
        if (map.Value(0.0) == 0.0)
        {
            // q = 0 is fixed (no bias, phi(0) = 0); it attracts when f'(0) = sw^2 phi'(0)^2 <= 1, and the map then settles
            // there from small inputs. (With phi(0) != 0, as for Sigmoid and Softplus, f(0) > 0 and 0 is not fixed.)
            if (map.Slope(0.0) <= 1.0 + tol) return 0.0;
        }
        // For a bounded phi, f(q) <= sb^2 + sw^2 because |phi| <= 1: that is an upper bracket.
        double hi = upper;
        double lo;
        if (map.BiasVariance > 0.0)
        {
            lo = map.BiasVariance;
        }
        else
        {
            // Walk down until f(q) > q, which holds near 0 since f'(0) > 1.
            lo = 0.5 * hi;
            int halvings = 0;
            while (!(map.Value(lo) > lo))
            {
                lo *= 0.5;
                if (++halvings > 1100) return 0.0;
            }
        }
        if (map.Value(lo) - lo == 0.0) return lo;

        // A few plain iterations from above: f is increasing, so they descend monotonically onto q*
        // and each iterate stays an upper bracket. Then polish with safeguarded Newton.
        double x = hi;
        for (int i = 0; i < 8; i++)
        {
            double next = map.Value(x);
            if (!(next < x) || next <= lo) break;
            x = next;
        }
        hi = x;
        if (map.Value(hi) - hi == 0.0) return hi;
        if (!RootFinder.TryNewtonBisection(q => (map.Value(q) - q, map.Slope(q) - 1.0), lo, hi, hi, out double root,
                relativeTolerance: 2e-15, maxIterations: 300))
        {
            throw new NotConvergedException("FixedPointNotConverged",
                $"The fixed point q* of {map.Function.Name} at WeightStd {map.WeightStd:R}, BiasStd {map.BiasStd:R} did not converge " +
                $"within 300 iterations (bracket [{lo:R}, {hi:R}]).");
        }
        return root;
    }

    /// <summary>-1/ln(s): +infinity at s &gt;= 1 (within tolerance), 0 at s = 0.</summary>
    internal static double DepthScale(double s) =>
        s >= 1.0 - MeanFieldTolerance.Critical ? double.PositiveInfinity : s <= 0.0 ? 0.0 : -1.0 / Math.Log(s);
}
