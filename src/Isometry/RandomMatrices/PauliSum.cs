using System;
using Isometry.FreeProbability;
using Isometry.Sampling;

namespace Isometry.RandomMatrices;

/// <summary>
/// The curriculum's counter-example to "independent entries are enough" (section 4): with z ~ N(0, 1), ensemble 1 is
/// z sigma_z and ensemble 2 is z sigma_x; both have the same spectrum (+-z: density sqrt(2/pi) exp(-x^2/2) over two
/// eigenvalues). A + B with both from ensemble 1 is (z1 + z2) sigma_z: eigenvalues +-(z1 + z2), a Gaussian of variance 2,
/// finite at 0. A + C with C from ensemble 2 is [[z1, z2], [z2, -z1]]: eigenvalues +-sqrt(z1^2 + z2^2), density
/// |x| exp(-x^2/2) / 2, which vanishes at 0 (level repulsion). Same spectra, independent entries, different sums: the
/// two ensembles are not free.
/// </summary>
public static class PauliSum
{
    public const int Purpose = 13;

    /// <summary>Both summands from z sigma_z (SameAxis), or one from each (CrossedAxes).</summary>
    public enum Pair
    {
        SameAxis,
        CrossedAxes,
    }

    /// <summary>The eigenvalues of <paramref name="count"/> sums (two each), from (seed) alone.</summary>
    public static double[] Eigenvalues(Pair pair, int count, long seed)
    {
        var stream = new RandomStream(seed, (int)pair, 0, Purpose);
        var values = new double[2 * count];
        for (int i = 0; i < count; i++)
        {
            double z1 = stream.NextGaussian(), z2 = stream.NextGaussian();
            double r = pair == Pair.SameAxis ? Math.Abs(z1 + z2) : Math.Sqrt(z1 * z1 + z2 * z2);
            values[2 * i] = -r;
            values[2 * i + 1] = r;
        }
        return values;
    }

    /// <summary>The limiting eigenvalue density of the sum.</summary>
    public static double Density(Pair pair, double x) =>
        pair == Pair.SameAxis ? Math.Exp(-0.25 * x * x) / Math.Sqrt(4.0 * Math.PI) : 0.5 * Math.Abs(x) * Math.Exp(-0.5 * x * x);

    /// <summary>Its distribution function: Phi(x / sqrt 2), or exp(-x^2/2)/2 below 0 and 1 - exp(-x^2/2)/2 above.</summary>
    public static double Cdf(Pair pair, double x)
    {
        if (pair == Pair.SameAxis) return Isometry.Numerics.GaussianExpectation.Cdf(x / Math.Sqrt(2.0));
        double tail = 0.5 * Math.Exp(-0.5 * x * x);
        return x < 0.0 ? tail : 1.0 - tail;
    }
}

/// <summary>Sampled sums of the counter-example against their closed forms. Output of Get-PauliSum.</summary>
public sealed class PauliSumSample
{
    public PauliSumSample(PauliSum.Pair pair, int matrices, long seed, double[] eigenvalues)
    {
        Pair = pair;
        Matrices = matrices;
        Seed = seed;
        Sum = pair == PauliSum.Pair.SameAxis ? "z1 sigma_z + z2 sigma_z" : "z1 sigma_z + z2 sigma_x";
        KS = Isometry.Numerics.GoodnessOfFit.KolmogorovSmirnov(eigenvalues, x => PauliSum.Cdf(pair, x));
        KSBound = Isometry.Numerics.GoodnessOfFit.KolmogorovSmirnovBound(eigenvalues.Length);
        // The density at 0 from the fraction of eigenvalues within 0.05 of it, against the closed form's.
        int near = 0;
        foreach (double v in eigenvalues) if (Math.Abs(v) < 0.05) near++;
        DensityAtZero = near / (0.1 * eigenvalues.Length);
        TheoryDensityAtZero = PauliSum.Density(pair, 0.0);
        Array.Sort(eigenvalues);
        Eigenvalues = new EigenvalueList(eigenvalues, "eigenvalues");
    }

    public PauliSum.Pair Pair { get; }

    /// <summary>The sum in words.</summary>
    public string Sum { get; }
    public int Matrices { get; }
    public long Seed { get; }

    /// <summary>
    /// KS of the eigenvalues from the sum's closed form, and 1.95 / sqrt(n) for the n = 2 x Matrices eigenvalues. They come in
    /// pairs +-r and the law is symmetric, so the distance is half that of the Matrices independent r: the bound is
    /// conservative by sqrt 2.
    /// </summary>
    public double KS { get; }
    public double KSBound { get; }

    /// <summary>The sampled density at 0 (the fraction within 0.05 of it, over 0.1), beside the closed form's: 1/sqrt(4 pi) = 0.282 against 0.</summary>
    public double DensityAtZero { get; }
    public double TheoryDensityAtZero { get; }
    public EigenvalueList Eigenvalues { get; }
}
