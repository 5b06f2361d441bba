using System;
using System.Collections.Generic;

namespace Isometry.FreeProbability;

/// <summary>
/// Moments m_1..m_k of a spectrum: exact for a theoretical spectrum, sample moments (1/n) sum lambda^k for a list
/// of eigenvalues. Measure-SpectralMoment adds them as flat columns M1..Mk.
/// </summary>
public sealed class SpectralMoments
{
    private readonly double[] _moments;

    private SpectralMoments(string source, double[] moments, double mean, double variance, long? count, JacobianSpectrum? spectrum)
    {
        Source = source;
        _moments = moments;
        Count = count;
        Order = moments.Length - 1;
        Mean = mean;
        Variance = variance;
        Depth = spectrum?.Depth;
        Init = spectrum?.Init;
        Activation = spectrum?.Activation;
        WeightStd = spectrum?.WeightStd;
        BiasStd = spectrum?.BiasStd;
    }

    /// <summary>Theory (exact, by Lagrange inversion) or Sample (from eigenvalues).</summary>
    public string Source { get; }
    public int? Depth { get; }
    public WeightInit? Init { get; }
    public Activation? Activation { get; }
    public double? WeightStd { get; }
    public double? BiasStd { get; }

    /// <summary>How many eigenvalues a sample had.</summary>
    public long? Count { get; }

    public int Order { get; }
    public double Mean { get; }

    /// <summary>
    /// m_2 - m_1^2, whatever the order: for a theory spectrum the exact value m_1^2 (m_2/m_1^2 - 1), for a sample the
    /// two-pass sum of squared deviations, neither of which cancels as m_2 - m_1^2 would near isometry.
    /// </summary>
    public double Variance { get; }

    /// <summary>m_k for k = 1..Order.</summary>
    public double Moment(int k) =>
        k >= 1 && k <= Order ? _moments[k] : throw new ArgumentOutOfRangeException(nameof(k), k, $"Moments 1..{Order} were computed.");

    /// <summary>Exact moments of a theoretical spectrum, or the sample moments of a sampled one (Source Sample).</summary>
    public static SpectralMoments OfSpectrum(JacobianSpectrum spectrum, int order)
    {
        if (spectrum.Eigenvalues is not { } sample) return new("Theory", spectrum.ExactMoments(order), spectrum.Mean, spectrum.Variance, null, spectrum);
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be at least 1.");
        var m = new double[order + 1];
        foreach (double x in sample) AddPowers(m, x, 1.0);
        return new("Sample", Averaged(m, sample.Count), spectrum.Mean, spectrum.Variance, sample.Count, spectrum);
    }

    /// <summary>sums[k] += weight x^k for k = 1..sums.Length - 1.</summary>
    private static void AddPowers(double[] sums, double x, double weight)
    {
        double term = weight;
        for (int k = 1; k < sums.Length; k++) sums[k] += term *= x;
    }

    /// <summary>The power sums divided by the count, with m_0 = 1.</summary>
    private static double[] Averaged(double[] sums, int count)
    {
        for (int k = 1; k < sums.Length; k++) sums[k] /= count;
        sums[0] = 1.0;
        return sums;
    }

    /// <summary>
    /// Moments of density rows: sum Weight Value Lambda^k over the rows of each spectrum, plus its top atom
    /// (AtomMass AtomLambda^k; the zero atom adds nothing). One result per spectrum the rows came from, in order.
    /// Source is Density: a quadrature of the grid, close to but not the exact moments.
    /// </summary>
    public static IEnumerable<SpectralMoments> OfDensityRows(IEnumerable<DensitySample> rows, int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be at least 1.");
        var groups = new List<(JacobianSpectrum? Owner, List<DensitySample> Rows)>();
        foreach (var row in rows)
        {
            if (groups.Count == 0 || !ReferenceEquals(groups[^1].Owner, row.Owner)) groups.Add((row.Owner, new List<DensitySample>()));
            groups[^1].Rows.Add(row);
        }
        foreach (var (owner, members) in groups)
        {
            // At least m_2, for the variance whatever the order asked.
            var m = new double[Math.Max(order, 2) + 1];
            foreach (var x in members) AddPowers(m, x.Lambda, x.Weight * x.Value);
            if (owner?.AtomMass is double atomMass && owner.AtomLambda is double atom) AddPowers(m, atom, atomMass);
            m[0] = 1.0;
            double variance = m[2] - m[1] * m[1];
            yield return new SpectralMoments("Density", m[..(order + 1)], m[1], variance, members.Count, owner);
        }
    }

    /// <summary>A law's exact moments m_1..m_order (a random-matrix ensemble or free convolution): Source Theory.</summary>
    public static SpectralMoments OfLaw(Func<int, double> moment, int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be at least 1.");
        var m = new double[Math.Max(order, 2) + 1];
        for (int k = 0; k < m.Length; k++) m[k] = k == 0 ? 1.0 : moment(k);
        return new SpectralMoments("Theory", m[..(order + 1)], m[1], m[2] - m[1] * m[1], null, null);
    }

    public static SpectralMoments OfSample(IReadOnlyList<double> eigenvalues, int order)
    {
        if (eigenvalues.Count == 0) throw new ArgumentException("No eigenvalues.", nameof(eigenvalues));
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be at least 1.");
        var sums = new double[order + 1];
        foreach (double x in eigenvalues)
        {
            if (!double.IsFinite(x)) throw new ArgumentException($"Eigenvalue {x} is not finite.", nameof(eigenvalues));
            AddPowers(sums, x, 1.0);
        }
        var m = Averaged(sums, eigenvalues.Count);
        // The second pass about m_1: sum (x - m_1)^2 does not cancel as m_2 - m_1^2 would near isometry.
        double squares = 0.0;
        foreach (double x in eigenvalues) squares += (x - m[1]) * (x - m[1]);
        return new SpectralMoments("Sample", m, m[1], squares / eigenvalues.Count, eigenvalues.Count, null);
    }
}
