using System;
using System.Collections.Generic;

namespace Isometry.Numerics;

/// <summary>
/// E[g(z)] for a standard Gaussian z, by adaptive quadrature over a panel layout that resolves g's own scale.
/// </summary>
/// <remarks>
/// The integrands here are functions of x = sqrt(q) z: for large q they change on a z-scale 1/sqrt(q), far
/// below the Gaussian's. A fixed rule would step straight over such a feature and return a confident zero, so
/// the panels form a geometric ladder around the feature's centre down to that scale, plus the kinks of
/// piecewise-linear activations, plus the unit ladder of the Gaussian itself.
/// </remarks>
public static class GaussianExpectation
{
    /// <summary>Relative accuracy the quadrature aims at (MATH.md asks for about 1e-12).</summary>
    public const double RelativeTolerance = 1e-13;

    /// <summary>The tails beyond |z| = 13 weigh less than 1e-37 and are dropped.</summary>
    public const double Cutoff = 13.0;

    private static readonly double InvSqrt2Pi = 1.0 / Math.Sqrt(2.0 * Math.PI);

    /// <summary>1/sqrt(2 pi).</summary>
    public static double InvSqrt2PiValue => InvSqrt2Pi;

    /// <summary>Standard normal density.</summary>
    public static double Pdf(double z) => InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    /// <summary>Standard normal distribution function, accurate in both tails.</summary>
    public static double Cdf(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2.0));

    /// <summary>
    /// E[g(z)], z ~ N(0, 1).
    /// </summary>
    /// <param name="g">The integrand as a function of z.</param>
    /// <param name="center">Where g's feature sits, in z.</param>
    /// <param name="scale">The z-width of g's feature (1/sqrt(q) for a function of sqrt(q) z).</param>
    /// <param name="kinks">Points (in z) where g or its derivative jumps; may be empty.</param>
    /// <param name="absoluteTolerance">An error that is good enough whatever the relative tolerance says: the noise
    /// floor of a g that is itself computed by quadrature.</param>
    public static double Of(Func<double, double> g, double center = 0.0, double scale = 1.0, ReadOnlySpan<double> kinks = default,
        double absoluteTolerance = 0.0)
    {
        var points = Breakpoints(center, scale, kinks);
        return AdaptiveGaussKronrod.Integrate(z => g(z) * Pdf(z), points.ToArray(), RelativeTolerance, absoluteTolerance);
    }

    internal static List<double> Breakpoints(double center, double scale, ReadOnlySpan<double> kinks)
    {
        var points = new List<double>(96) { -Cutoff, Cutoff, 0.0 };
        for (double u = 1.0; u < Cutoff; u *= 2.0) { points.Add(u); points.Add(-u); }
        if (double.IsFinite(center) && double.IsFinite(scale) && scale > 0.0)
        {
            Add(points, center);
            for (double u = scale / 8.0; u < 2.0 * Cutoff; u *= 2.0)
            {
                Add(points, center + u);
                Add(points, center - u);
            }
        }
        foreach (var k in kinks) Add(points, k);
        points.Sort();
        // Drop near-duplicates: a panel narrower than this carries no information and wastes 15 evaluations. The
        // threshold follows the feature's own scale, so a feature of width 1e-20 (q = 1e40) keeps its ladder.
        double minimumWidth = 1e-14 * Math.Min(Cutoff, double.IsFinite(scale) && scale > 0.0 ? Math.Max(scale, Math.Abs(center)) : Cutoff);
        var unique = new List<double>(points.Count) { points[0] };
        for (int i = 1; i < points.Count; i++)
            if (points[i] - unique[^1] > minimumWidth) unique.Add(points[i]);
        return unique;
    }

    private static void Add(List<double> points, double z)
    {
        if (z > -Cutoff && z < Cutoff) points.Add(z);
    }
}
