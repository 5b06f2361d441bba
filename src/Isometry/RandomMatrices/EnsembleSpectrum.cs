using System;
using System.Linq;
using Isometry.FreeProbability;
using Isometry.Numerics;

namespace Isometry.RandomMatrices;

/// <summary>
/// The eigenvalue spectrum of an ensemble: the limiting law (Method Theory: exact moments, edges, a density grid with
/// its distribution function) or matrices drawn from it (Method Sampled: the pooled eigenvalues, their moments and their
/// Kolmogorov-Smirnov distance from the law, beside the 0.999 critical value stated in advance). Output of
/// Get-EnsembleSpectrum; flat scalars and two summarized collections, like the Jacobian spectra.
/// </summary>
public sealed class EnsembleSpectrum
{
    private EnsembleSpectrum(Ensemble ensemble, double? ratio, string method, int? size, int? matrices, long? seed, string? backend,
        double[] moments, EnsembleLaw law, double? ks, double? ksBound, SpectralDensity density, EigenvalueList? eigenvalues)
    {
        Ensemble = ensemble;
        Ratio = ratio;
        Method = method;
        Size = size;
        Matrices = matrices;
        Seed = seed;
        Backend = backend;
        M1 = moments[1];
        M2 = moments[2];
        M3 = moments[3];
        M4 = moments[4];
        Lower = law.Lower;
        Upper = law.Upper;
        ZeroAtomMass = law.ZeroAtomMass;
        KS = ks;
        KSBound = ksBound;
        Density = density;
        Eigenvalues = eigenvalues ?? new EigenvalueList(Array.Empty<double>(), "eigenvalues");
        _law = law;
    }

    private readonly EnsembleLaw _law;

    /// <summary>The law's exact m_k, any k (Measure-SpectralMoment's theory moments; the sample's own are from Eigenvalues).</summary>
    public double ExactMoment(int k) => _law.Moment(k);

    public Ensemble Ensemble { get; }

    /// <summary>c = N/M for Marchenko-Pastur; null for Wigner.</summary>
    public double? Ratio { get; }

    /// <summary>Theory or Sampled.</summary>
    public string Method { get; }

    /// <summary>N of the sampled matrices; null for the theory.</summary>
    public int? Size { get; }
    public int? Matrices { get; }
    public long? Seed { get; }
    public string? Backend { get; }

    /// <summary>E[lambda^k]: exact (Catalan, Narayana) for the theory, the pooled sample's for sampled matrices.</summary>
    public double M1 { get; }
    public double M2 { get; }
    public double M3 { get; }
    public double M4 { get; }

    /// <summary>The limiting law's support (its continuous part) and atom at 0.</summary>
    public double Lower { get; }
    public double Upper { get; }
    public double ZeroAtomMass { get; }

    /// <summary>Sampled: the KS distance of the pooled eigenvalues from the law's distribution function.</summary>
    public double? KS { get; }

    /// <summary>Sampled: 1.95 / sqrt(pooled count), the 0.999 critical value for independent draws (conservative here).</summary>
    public double? KSBound { get; }

    /// <summary>Theory: the density on a grid over the support, each row with the distribution function.</summary>
    public SpectralDensity Density { get; }

    /// <summary>Sampled: the pooled eigenvalues, ascending.</summary>
    public EigenvalueList Eigenvalues { get; }

    public static EnsembleSpectrum Theory(EnsembleLaw law, int points)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "A density grid needs at least 2 points.");
        // Chebyshev-like nodes crowd the square-root edges, where the density changes fastest.
        var rows = new DensitySample[points];
        double mid = 0.5 * (law.Lower + law.Upper), half = 0.5 * (law.Upper - law.Lower);
        for (int i = 0; i < points; i++)
        {
            double x = mid - half * Math.Cos(Math.PI * (i + 0.5) / points);
            double weight = half * Math.PI / points * Math.Sin(Math.PI * (i + 0.5) / points);
            rows[i] = new DensitySample(x, law.Density(x), weight, law.Cdf(x));
        }
        var moments = Enumerable.Range(0, 5).Select(law.Moment).ToArray();
        return new EnsembleSpectrum(law.Ensemble, RatioOf(law), "Theory", null, null, null, null, moments, law, null, null,
            new SpectralDensity(rows), null);
    }

    public static EnsembleSpectrum Sampled(EnsembleLaw law, int size, int matrices, long seed, string backend, double[] pooled)
    {
        Array.Sort(pooled);
        var moments = SampleMoments(pooled);
        double ks = GoodnessOfFit.KolmogorovSmirnov(pooled, law.Cdf, law.CdfBelow);
        return new EnsembleSpectrum(law.Ensemble, RatioOf(law), "Sampled", size, matrices, seed, backend, moments, law, ks,
            GoodnessOfFit.KolmogorovSmirnovBound(pooled.Length), SpectralDensity.Empty, new EigenvalueList(pooled, "eigenvalues"));
    }

    private static double? RatioOf(EnsembleLaw law) => law is MarchenkoPasturLaw mp ? mp.Ratio : null;

    /// <summary>m_0..m_4 of pooled eigenvalues, as Measure-SpectralMoment measures a sample.</summary>
    internal static double[] SampleMoments(double[] pooled)
    {
        var sample = SpectralMoments.OfSample(pooled, 4);
        return Enumerable.Range(0, 5).Select(k => k == 0 ? 1.0 : sample.Moment(k)).ToArray();
    }
}

/// <summary>
/// Spacings between neighbouring eigenvalues against the Wigner surmise: the curriculum's 2 x 2 matrix (Size 2, the
/// surmise at mean sqrt(pi)) or unfolded bulk spacings of N x N Wigner matrices (the surmise at mean 1). Output of
/// Get-LevelSpacing.
/// </summary>
public sealed class LevelSpacingSample
{
    public LevelSpacingSample(int size, int matrices, long seed, double[] spacings)
    {
        Size = size;
        Matrices = matrices;
        Seed = seed;
        Count = spacings.Length;
        Mean = spacings.Average();
        double m = Mean;
        Variance = spacings.Sum(s => (s - m) * (s - m)) / (spacings.Length - 1);
        bool two = size == 2;
        SurmiseMean = two ? LevelSpacing.SurmiseMean : 1.0;
        SurmiseVariance = two ? LevelSpacing.SurmiseVariance : LevelSpacing.UnitSurmiseVariance;
        KS = GoodnessOfFit.KolmogorovSmirnov(spacings, two ? LevelSpacing.SurmiseCdf : LevelSpacing.UnitSurmiseCdf);
        KSBound = GoodnessOfFit.KolmogorovSmirnovBound(spacings.Length);
        Array.Sort(spacings);
        Spacings = new EigenvalueList(spacings, "spacings");
    }

    /// <summary>N: 2 for the curriculum's matrix, else the Wigner matrices' size.</summary>
    public int Size { get; }
    public int Matrices { get; }
    public long Seed { get; }
    public int Count { get; }
    public double Mean { get; }
    public double Variance { get; }

    /// <summary>The surmise's mean and variance: sqrt(pi) and 4 - pi (Size 2), 1 and 4/pi - 1 (unfolded).</summary>
    public double SurmiseMean { get; }
    public double SurmiseVariance { get; }

    /// <summary>KS distance from the surmise, and 1.95 / sqrt(Count).</summary>
    public double KS { get; }
    public double KSBound { get; }

    /// <summary>The spacings, ascending.</summary>
    public EigenvalueList Spacings { get; }
}

/// <summary>One point of the 2 x 2 avoided crossing [[Delta, J], [J, -Delta]]: eigenvalues +-sqrt(Delta^2 + J^2).</summary>
public sealed class AvoidedCrossingLevels
{
    public AvoidedCrossingLevels(double delta, double coupling)
    {
        Delta = delta;
        Coupling = coupling;
        (Lower, Upper) = LevelSpacing.AvoidedCrossing(delta, coupling);
        Gap = Upper - Lower;
    }

    public double Delta { get; }
    public double Coupling { get; }
    public double Lower { get; }
    public double Upper { get; }

    /// <summary>2 sqrt(Delta^2 + J^2): at least 2|J|, reached at Delta = 0.</summary>
    public double Gap { get; }
}

/// <summary>
/// The spectrum of a sum or product of two independent matrices from two ensembles: the free convolution of their laws
/// (Method FreeProbability: exact moments, from added free cumulants or multiplied S-transforms; the density by
/// subordination; its mass as a check) or sampled sums or products (Method Sampled: pooled eigenvalues against the
/// convolution's distribution function). Output of Get-FreeConvolution.
/// </summary>
public sealed class FreeConvolutionSpectrum
{
    private FreeConvolutionSpectrum(FreeConvolution sum, string method, int? size, int? matrices, long? seed, string? backend, double[] moments,
        double? mass, double? ks, double? ksBound, Isometry.FreeProbability.SpectralDensity density, EigenvalueList? eigenvalues)
    {
        _law = sum;
        Operation = sum is FreeSum ? FreeOperation.Sum : FreeOperation.Product;
        Laws = sum.Label;
        Method = method;
        Size = size;
        Matrices = matrices;
        Seed = seed;
        Backend = backend;
        M1 = moments[1];
        M2 = moments[2];
        M3 = moments[3];
        M4 = moments[4];
        ZeroAtomMass = sum.ZeroAtomMass;
        Mass = mass;
        KS = ks;
        KSBound = ksBound;
        Density = density;
        Eigenvalues = eigenvalues ?? new EigenvalueList(Array.Empty<double>(), "eigenvalues");
    }

    private readonly FreeConvolution _law;

    /// <summary>The convolution's exact m_k, k up to 11 (Measure-SpectralMoment's theory moments).</summary>
    public double ExactMoment(int k) => k <= FreeConvolution.MaxMomentOrder
        ? _law.Moment(k)
        : throw new ArgumentOutOfRangeException(nameof(k), k, $"A free convolution's exact moments go up to order {FreeConvolution.MaxMomentOrder}.");

    public FreeOperation Operation { get; }

    /// <summary>The two laws and the operation: "Wigner + MarchenkoPastur(0.5)", "MarchenkoPastur(1) x MarchenkoPastur(1)".</summary>
    public string Laws { get; }
    public string Method { get; }
    public int? Size { get; }
    public int? Matrices { get; }
    public long? Seed { get; }
    public string? Backend { get; }
    public double M1 { get; }
    public double M2 { get; }
    public double M3 { get; }
    public double M4 { get; }
    public double ZeroAtomMass { get; }

    /// <summary>FreeProbability: the density's integral plus the atom, 1 up to the integration's resolution (about 1e-4).</summary>
    public double? Mass { get; }
    public double? KS { get; }
    public double? KSBound { get; }
    public Isometry.FreeProbability.SpectralDensity Density { get; }
    public EigenvalueList Eigenvalues { get; }

    public static FreeConvolutionSpectrum Theory(FreeConvolution sum, int points)
    {
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "A density grid needs at least 2 points.");
        var rows = new Isometry.FreeProbability.DensitySample[points];
        double h = (sum.Upper - sum.Lower) / points;
        for (int i = 0; i < points; i++)
        {
            double x = sum.Lower + (i + 0.5) * h;
            rows[i] = new Isometry.FreeProbability.DensitySample(x, sum.Density(x), h, sum.Cdf(x));
        }
        // The mass from the distribution function's graded integral, which keeps a singular lower end's mass.
        double mass = sum.Cdf(sum.Upper);
        var moments = Enumerable.Range(0, 5).Select(sum.Moment).ToArray();
        return new FreeConvolutionSpectrum(sum, "FreeProbability", null, null, null, null, moments, mass, null, null,
            new Isometry.FreeProbability.SpectralDensity(rows), null);
    }

    public static FreeConvolutionSpectrum Sampled(FreeConvolution sum, int size, int matrices, long seed, string backend, double[] pooled)
    {
        Array.Sort(pooled);
        var moments = EnsembleSpectrum.SampleMoments(pooled);
        double ks = GoodnessOfFit.KolmogorovSmirnov(pooled, sum.Cdf, sum.CdfBelow);
        return new FreeConvolutionSpectrum(sum, "Sampled", size, matrices, seed, backend, moments, null, ks,
            GoodnessOfFit.KolmogorovSmirnovBound(pooled.Length), Isometry.FreeProbability.SpectralDensity.Empty, new EigenvalueList(pooled, "eigenvalues"));
    }
}
