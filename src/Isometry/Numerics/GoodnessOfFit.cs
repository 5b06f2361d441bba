using System;

namespace Isometry.Numerics;

/// <summary>How far a sample is from a distribution: the one-sample Kolmogorov-Smirnov distance and its critical value.</summary>
public static class GoodnessOfFit
{
    /// <summary>
    /// sup_x |F_n(x) - F(x)|, from both sides of each step of the empirical F_n. For a law with atoms give
    /// <paramref name="below"/>, F's left limit P(X &lt; x): at an atom the sample's block of equal values then matches the jump.
    /// </summary>
    public static double KolmogorovSmirnov(double[] sample, Func<double, double> cdf, Func<double, double>? below = null)
    {
        below ??= cdf;
        if (sample.Length == 0) throw new ArgumentException("The sample is empty.", nameof(sample));
        var sorted = (double[])sample.Clone();
        Array.Sort(sorted);
        int n = sorted.Length;
        double d = 0.0;
        for (int i = 0; i < n; i++)
        {
            d = Math.Max(d, Math.Max((i + 1.0) / n - cdf(sorted[i]), below(sorted[i]) - (double)i / n));
        }
        return d;
    }

    /// <summary>
    /// The 0.999 critical value of the KS distance for n independent draws, 1.95 / sqrt(n) (asymptotic; the distance of
    /// a correct model exceeds it with probability 1e-3). Eigenvalues of one matrix are not independent but more
    /// evenly spread than independent draws, so for them the bound is conservative.
    /// </summary>
    public static double KolmogorovSmirnovBound(int n) => 1.95 / Math.Sqrt(n);
}
