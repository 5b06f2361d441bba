using System;
using Isometry.Numerics;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Isometry.FreeProbability;

namespace Isometry.Sampling;

/// <summary>The fraction of squared singular values at or below one threshold, sampled against the theory.</summary>
public sealed class ThresholdFraction
{
    internal ThresholdFraction(double threshold, double sampled, double theory)
    {
        Threshold = threshold;
        Sampled = sampled;
        Theory = theory;
    }

    public double Threshold { get; }
    public double Sampled { get; }
    public double Theory { get; }
}

/// <summary>The thresholds of a comparison; enumerates its rows, and shows as a one-cell summary.</summary>
public sealed class ThresholdFractions : IReadOnlyList<ThresholdFraction>
{
    private readonly ThresholdFraction[] _rows;

    internal ThresholdFractions(ThresholdFraction[] rows) => _rows = rows;

    public int Count => _rows.Length;
    public ThresholdFraction this[int index] => _rows[index];
    public IEnumerator<ThresholdFraction> GetEnumerator() => ((IEnumerable<ThresholdFraction>)_rows).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _rows.GetEnumerator();

    public override string ToString() => string.Join("; ", _rows.Select(r => string.Format(CultureInfo.InvariantCulture,
        "below {0:G3}: {1:G4} sampled, {2:G4} theory", r.Threshold, r.Sampled, r.Theory)));
}

/// <summary>
/// A sampled spectrum against the free-probability theory of the same network: the Kolmogorov-Smirnov distance of the
/// distribution functions (atoms included), the Wasserstein-1 distance of log lambda over the nonzero parts (each
/// normalized to mass 1; the zero atoms are compared on their own), the relative errors of m_1..m_4 with their standard
/// errors from the spread across networks, and the fraction below given thresholds.
/// </summary>
public sealed class SpectrumComparison
{

    public int Depth { get; }
    public WeightInit Init { get; }
    public Activation Activation { get; }
    public double WeightStd { get; }
    public double BiasStd { get; }
    public int Width { get; }
    public int Networks { get; }
    public long Seed { get; }

    /// <summary>sup |F_sample - F_theory| over lambda, atoms included.</summary>
    public double? KS { get; }

    /// <summary>int |F_sample - F_theory| d(log lambda) over the nonzero parts, each normalized.</summary>
    public double? W1LogLambda { get; }

    public double ZeroMassSample { get; }
    public double ZeroMassTheory { get; }

    public double M1RelativeError { get; }
    public double? M1StandardError { get; }
    public double M2RelativeError { get; }
    public double? M2StandardError { get; }
    public double M3RelativeError { get; }
    public double? M3StandardError { get; }
    public double M4RelativeError { get; }
    public double? M4StandardError { get; }

    public ThresholdFractions Thresholds { get; }

    /// <summary>Why KS and W1LogLambda are empty (the theory's density was not resolved), or null.</summary>
    public string? Note { get; }

    private SpectrumComparison(JacobianSpectrum sample, double? ks, double? w1, double zeroMassSample, double zeroMassTheory, double[] relative, double?[] standard,
        ThresholdFractions thresholds, string? note)
    {
        Depth = sample.Depth;
        Init = sample.Init;
        Activation = sample.Activation;
        WeightStd = sample.WeightStd;
        BiasStd = sample.BiasStd;
        Width = sample.Width ?? 0;
        Networks = sample.Networks ?? 0;
        Seed = sample.Seed ?? 0;
        KS = ks;
        W1LogLambda = w1;
        ZeroMassSample = zeroMassSample;
        ZeroMassTheory = zeroMassTheory;
        (M1RelativeError, M2RelativeError, M3RelativeError, M4RelativeError) = (relative[0], relative[1], relative[2], relative[3]);
        (M1StandardError, M2StandardError, M3StandardError, M4StandardError) = (standard[0], standard[1], standard[2], standard[3]);
        Thresholds = thresholds;
        Note = note;
    }

    public static SpectrumComparison Compare(JacobianSpectrum sample, JacobianSpectrum theory, IReadOnlyList<double> thresholds)
    {
        if (sample.LogEigenvalues is not { } logs || sample.Eigenvalues is null)
            throw new ArgumentException("The first spectrum must be sampled (Get-JacobianSpectrum -Width).", nameof(sample));
        int n = logs.Count;
        var exact = theory.ExactMoments(4);
        var observed = SpectralMoments.OfSpectrum(sample, 4);
        var perNetwork = sample.NetworkMoments()!;
        var relative = new double[4];
        var standard = new double?[4];
        for (int k = 0; k < 4; k++)
        {
            relative[k] = (observed.Moment(k + 1) - exact[k + 1]) / exact[k + 1];
            if (perNetwork.Length >= 2)
            {
                double mean = perNetwork.Average(p => p[k]);
                double variance = perNetwork.Sum(p => (p[k] - mean) * (p[k] - mean)) / (perNetwork.Length - 1);
                standard[k] = Math.Sqrt(variance / perNetwork.Length) / exact[k + 1];
            }
        }
        double? ks = null, w1 = null;
        string? note = null;
        if (theory.HasDensity)
        {
            ks = KolmogorovSmirnov(logs, theory);
            w1 = WassersteinLog(logs, theory);
        }
        else note = "The theory's density was not resolved here (" + theory.DensityError + "): KS and W1LogLambda are left empty.";
        int zeros = logs.Count(double.IsNegativeInfinity);
        var fractions = new ThresholdFractions(thresholds.Select(t => new ThresholdFraction(t, sample.FractionBelow(t),
            theory.HasDensity ? theory.FractionBelow(t) : double.NaN)).Where(r => !double.IsNaN(r.Theory)).ToArray());
        return new SpectrumComparison(sample, ks, w1, (double)zeros / n, theory.ZeroAtomMass, relative, standard, fractions, note);
    }

    /// <summary>
    /// sup over lambda of |F_sample - F_theory|, atoms included: checked on both sides of each distinct sampled value
    /// (the left limits and the values), the zero atom first. A sampled value within 1e-9 (relative) of the theory's
    /// atom counts as on it: rounding must not split an atom the network reproduces exactly.
    /// </summary>
    private static double KolmogorovSmirnov(EigenvalueList logs, JacobianSpectrum theory)
    {
        double? atom = theory.AtomMass > 0.0 ? theory.AtomLambda : null;
        var values = new double[logs.Count];
        for (int i = 0; i < values.Length; i++)
        {
            // Zero eigenvalues (log -infinity) are the zero atom's: exactly 0.
            double x = double.IsNegativeInfinity(logs[i]) ? 0.0 : Math.Exp(logs[i]);
            if (atom is double a && Math.Abs(x - a) <= 1e-9 * a) x = a;
            values[i] = x;
        }
        // The left limit below each value: nothing below 0, and the top atom's mass left out at the atom itself.
        double Below(double v) => v <= 0.0 ? 0.0 : theory.FractionBelow(v) - (atom == v ? theory.AtomMass!.Value : 0.0);
        return GoodnessOfFit.KolmogorovSmirnov(values, theory.FractionBelow, Below);
    }

    /// <summary>
    /// int |G_sample(x) - G_theory(x)| dx, x = log lambda, G the distribution functions of the nonzero parts, each
    /// normalized to mass 1: on the union of the sample's points and the theory's rows, G_sample is a step and G_theory
    /// is linear between rows (as FractionBelow interpolates), so each segment is integrated on a fine sub-grid.
    /// </summary>
    private static double WassersteinLog(EigenvalueList logs, JacobianSpectrum theory)
    {
        var nonzero = logs.Where(l => !double.IsNegativeInfinity(l)).ToArray();
        double zeroTheory = theory.ZeroAtomMass, massTheory = 1.0 - zeroTheory;
        if (nonzero.Length == 0 || massTheory <= 0.0) return 0.0;
        double G(double x) => (theory.FractionBelow(Math.Exp(x)) - zeroTheory) / massTheory;
        var points = new List<double>(nonzero);
        foreach (var row in theory.Density) if (row.Lambda > 0.0) points.Add(Math.Log(row.Lambda));
        if (theory.AtomLambda is double atom && atom > 0.0) points.Add(Math.Log(atom));
        points.Sort();
        // Beyond the outermost points both functions are 0 (below) or 1 (above).
        double total = 0.0;
        int below = 0;
        for (int k = 0; k + 1 < points.Count; k++)
        {
            double a = points[k], b = points[k + 1];
            if (b <= a) continue;
            while (below < nonzero.Length && nonzero[below] <= a) below++;
            double gs = (double)below / nonzero.Length;
            const int pieces = 4;
            double h = (b - a) / pieces;
            for (int p = 0; p < pieces; p++)
            {
                double x0 = a + p * h, x1 = x0 + h;
                total += 0.5 * h * (Math.Abs(gs - G(x0)) + Math.Abs(gs - G(x1)));
            }
        }
        return total;
    }
}
