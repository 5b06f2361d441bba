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
        m[0] = 1.0;
        foreach (double x in sample)
        {
            double power = 1.0;
            for (int k = 1; k <= order; k++) m[k] += power *= x;
        }
        for (int k = 1; k <= order; k++) m[k] /= sample.Count;
        return new("Sample", m, spectrum.Mean, spectrum.Variance, sample.Count, spectrum);
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
            var m = new double[order + 1];
            m[0] = 1.0;
            foreach (var x in members)
            {
                double mass = x.Weight * x.Value, power = 1.0;
                for (int k = 1; k <= order; k++) m[k] += mass * (power *= x.Lambda);
            }
            if (owner?.AtomMass is double atomMass && owner.AtomLambda is double atom)
            {
                double power = 1.0;
                for (int k = 1; k <= order; k++) m[k] += atomMass * (power *= atom);
            }
            double second = 0.0;
            foreach (var x in members) second += x.Weight * x.Value * x.Lambda * x.Lambda;
            if (owner?.AtomMass is double am && owner.AtomLambda is double al) second += am * al * al;
            double variance = second - m[1] * m[1];
            yield return new SpectralMoments("Density", m, m[1], variance, members.Count, owner);
        }
    }

    public static SpectralMoments OfSample(IReadOnlyList<double> eigenvalues, int order)
    {
        if (eigenvalues.Count == 0) throw new ArgumentException("No eigenvalues.", nameof(eigenvalues));
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be at least 1.");
        var sums = new double[order + 1];
        foreach (double x in eigenvalues)
        {
            if (!double.IsFinite(x)) throw new ArgumentException($"Eigenvalue {x} is not finite.", nameof(eigenvalues));
            double power = 1.0;
            for (int k = 1; k <= order; k++)
            {
                power *= x;
                sums[k] += power;
            }
        }
        sums[0] = 1.0;
        for (int k = 1; k <= order; k++) sums[k] /= eigenvalues.Count;
        double mean = 0.0;
        foreach (double x in eigenvalues) mean += x;
        mean /= eigenvalues.Count;
        double squares = 0.0;
        foreach (double x in eigenvalues) squares += (x - mean) * (x - mean);
        return new SpectralMoments("Sample", sums, mean, squares / eigenvalues.Count, eigenvalues.Count, null);
    }
}
