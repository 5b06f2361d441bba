using System;
using System.Collections.Generic;
using Isometry.LinearAlgebra;
using Isometry.Sampling;

namespace Isometry.RandomMatrices;

/// <summary>
/// Level spacings (curriculum section 3). The 2 x 2 symmetric matrix [[A, C], [C, D]] with A, D ~ N(0, 1) and
/// C ~ N(0, 1/2) has spacing s = sqrt((A - D)^2 + 4 C^2), whose law is the Wigner surmise p(s) = (s/2) exp(-s^2/4):
/// mean sqrt(pi), variance 4 - pi, and no mass at 0 (level repulsion). For N x N Wigner matrices the bulk spacings,
/// unfolded by the semicircle's distribution function to mean 1, follow the surmise at mean 1,
/// p(s) = (pi s / 2) exp(-pi s^2 / 4), to within about 0.01 in distribution (the exact GOE law, Gaudin's, is close to it).
/// </summary>
public static class LevelSpacing
{
    /// <summary>Stream purpose for spacing draws.</summary>
    public const int Purpose = 12;

    /// <summary>The surmise's distribution function at mean sqrt(pi): 1 - exp(-s^2/4).</summary>
    public static double SurmiseCdf(double s) => s <= 0.0 ? 0.0 : 1.0 - Math.Exp(-0.25 * s * s);

    public static double SurmiseDensity(double s) => s <= 0.0 ? 0.0 : 0.5 * s * Math.Exp(-0.25 * s * s);

    public static readonly double SurmiseMean = Math.Sqrt(Math.PI);
    public static readonly double SurmiseVariance = 4.0 - Math.PI;

    /// <summary>The surmise at mean 1 (s / sqrt(pi)): 1 - exp(-pi s^2/4); variance 4/pi - 1.</summary>
    public static double UnitSurmiseCdf(double s) => SurmiseCdf(s * Math.Sqrt(Math.PI));

    public static readonly double UnitSurmiseVariance = 4.0 / Math.PI - 1.0;

    /// <summary><paramref name="count"/> spacings of the curriculum's 2 x 2 matrix, from (seed) alone.</summary>
    public static double[] TwoByTwo(int count, long seed)
    {
        var stream = new RandomStream(seed, 0, 0, Purpose);
        var s = new double[count];
        double half = Math.Sqrt(0.5);
        for (int i = 0; i < count; i++)
        {
            double a = stream.NextGaussian(), d = stream.NextGaussian(), c = half * stream.NextGaussian();
            // The spacing of the eigenvalues, |lambda_1 - lambda_2|, in the form that never cancels.
            s[i] = Math.Sqrt((a - d) * (a - d) + 4.0 * c * c);
        }
        return s;
    }

    /// <summary>
    /// Unfolded bulk spacings of <paramref name="matrices"/> Wigner matrices of size N: eigenvalue i maps to
    /// N F(lambda_i) (F the semicircle's distribution function), and the spacings of the middle half of the spectrum
    /// (where the density is nearly flat and the unfolding exact to O(1/N)) are kept.
    /// </summary>
    public static double[] Unfolded(int size, int matrices, long seed, DenseBackend? backend = null, Func<bool>? stop = null)
    {
        if (size < 4) throw new ArgumentOutOfRangeException(nameof(size), size, "Unfolded spacings need N >= 4; use the 2 x 2 matrix for N = 2.");
        var law = new SemicircleLaw();
        var all = new List<double>();
        for (int k = 0; k < matrices; k++)
        {
            if (stop?.Invoke() == true) throw new OperationCanceledException();
            var lambda = EnsembleSampler.Eigenvalues(Ensemble.Wigner, size, 1.0, seed, k, backend);
            int from = size / 4, to = size - size / 4 - 1;
            for (int i = from; i < to; i++) all.Add(size * (law.Cdf(lambda[i + 1]) - law.Cdf(lambda[i])));
        }
        return all.ToArray();
    }

    /// <summary>The eigenvalues of [[delta, J], [J, -delta]], +-sqrt(delta^2 + J^2): the gap 2 sqrt(delta^2 + J^2) never closes for J != 0.</summary>
    public static (double Lower, double Upper) AvoidedCrossing(double delta, double coupling)
    {
        double r = Math.Sqrt(delta * delta + coupling * coupling);
        return (0.0 - r, r);   // 0 - r, not -r: no negative zero at the crossing
    }
}
