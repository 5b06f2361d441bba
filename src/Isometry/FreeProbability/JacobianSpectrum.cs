using System.Linq;
namespace Isometry.FreeProbability;

/// <summary>
/// The spectrum of J J^T (the squared singular values of the input-output Jacobian) of a depth-L random network:
/// moments, edges, atoms and the density of the continuous part. One type for theory now and sampled spectra later.
/// </summary>
public sealed class JacobianSpectrum
{
    internal JacobianSpectrum(int depth, WeightInit init, Activation activation, double weightStd, double biasStd,
        double? qStar, double chi, double? linearFraction, double mean, double variance, double log10Mean,
        double? log10Variance, double? lambdaMax,
        double? lambdaMin, double zeroAtomMass, double? atomLambda, double? atomMass, double? continuousMass,
        double? massBelowGrid, SpectralDensity density, string method, JacobianModel? model, string? densityError = null,
        SampleInfo? sample = null, string? expression = null)
    {
        Expression = expression;
        _sample = sample;
        DensityError = densityError;
        Depth = depth;
        Init = init;
        Activation = activation;
        WeightStd = weightStd;
        BiasStd = biasStd;
        QStar = qStar;
        Chi = chi;
        LinearFraction = linearFraction;
        Mean = mean;
        Variance = variance;
        Log10Mean = log10Mean;
        Log10Variance = log10Variance;
        LambdaMax = lambdaMax;
        LambdaMin = lambdaMin;
        ZeroAtomMass = zeroAtomMass;
        AtomLambda = atomLambda;
        AtomMass = atomMass;
        ContinuousMass = continuousMass;
        MassBelowGrid = massBelowGrid;
        Density = density;
        density.BelongTo(this);
        Method = method;
        Model = model;
    }

    public int Depth { get; }
    public WeightInit Init { get; }
    public Activation Activation { get; }

    /// <summary>The expression of a Custom activation (phi in x); null for the built-in ones. Binds by property name.</summary>
    public string? Expression { get; }
    public double WeightStd { get; }
    public double BiasStd { get; }

    /// <summary>The mean-field fixed point the layers sit at; +infinity or empty as Get-FixedPoint reports it.</summary>
    public double? QStar { get; }

    public double Chi { get; }

    /// <summary>p(q*) for piecewise-linear activations.</summary>
    public double? LinearFraction { get; }

    /// <summary>m_1 = (sw^2 E[d])^L: 1 at criticality.</summary>
    public double Mean { get; }

    /// <summary>m_2 - m_1^2: 0 is perfect dynamical isometry.</summary>
    public double Variance { get; }

    /// <summary>log10 of Mean, finite where Mean itself overflows to infinity or underflows to 0 (deep, off-critical).</summary>
    public double Log10Mean { get; }

    /// <summary>log10 of Variance, as <see cref="Log10Mean"/>; empty when the variance is exactly 0.</summary>
    public double? Log10Variance { get; }

    /// <summary>The top edge of the continuous part; empty when there is none.</summary>
    public double? LambdaMax { get; }

    /// <summary>
    /// The largest eigenvalue of J J^T over the whole spectrum: the continuous part's top edge or the atom at
    /// AtomLambda, whichever is higher (0 when only the zero atom is left). Empty when the continuous part has
    /// mass but its edge is unknown (a withheld density).
    /// </summary>
    public double? MaxEigenvalue
    {
        get
        {
            double continuousMass = ContinuousMass ?? 1.0 - ZeroAtomMass - (AtomMass ?? 0.0);
            bool hasContinuousPart = continuousMass > 0.0;
            if (hasContinuousPart && LambdaMax is null) return null;
            double max = 0.0;
            if (hasContinuousPart) max = LambdaMax!.Value;
            if (AtomMass > 0.0 && AtomLambda is double atom) max = System.Math.Max(max, atom);
            return max;
        }
    }

    /// <summary>The bottom edge of the continuous part (0 unless there is a gap); empty when there is none.</summary>
    public double? LambdaMin { get; }

    /// <summary>The mass of the atom at lambda = 0: 1 - p (J has rank about pN).</summary>
    public double ZeroAtomMass { get; }

    /// <summary>Orthogonal weights with L(1 - p) &lt; 1: the atom at sw^(2L) of the directions unsaturated through every layer.</summary>
    public double? AtomLambda { get; }

    /// <summary>Its mass, 1 - L(1 - p).</summary>
    public double? AtomMass { get; }

    /// <summary>The mass of the continuous part, integrated from the density (so ZeroAtomMass + AtomMass + this = 1
    /// checks the density); empty where the density is not computed (Tanh and Erf away from q* = 0, for now).</summary>
    public double? ContinuousMass { get; }

    /// <summary>
    /// The part of ContinuousMass below the grid's lowest point (twelve decades under LambdaMax): heavy near 0 at
    /// depth (about 4.5 % for Gaussian ReLU at depth 10). The Density rows with Region BelowGrid carry it by decade.
    /// </summary>
    public double? MassBelowGrid { get; }

    /// <summary>
    /// The fraction of eigenvalues of J J^T at or below <paramref name="lambda"/>, atoms included: the distribution
    /// function, interpolated in log lambda between the Density rows' Cdf values.
    /// </summary>
    public double FractionBelow(double lambda)
    {
        if (double.IsNaN(lambda)) throw new System.ArgumentException("lambda is NaN.", nameof(lambda));
        if (lambda < 0.0) return 0.0;
        if (lambda == 0.0) return ZeroAtomMass;   // the continuous part puts no mass on a point
        if (LogEigenvalues is { } sample)
        {
            // The empirical distribution function of a sampled spectrum.
            double log = System.Math.Log(lambda);
            int below = 0;
            foreach (double l in sample) if (l <= log) below++;
            return (double)below / sample.Count;
        }
        double atoms = AtomsAtOrBelow(lambda);
        if (ContinuousMass is not double continuous) throw NoDensity();
        if (Density.Count == 0 || continuous <= 0.0) return System.Math.Min(1.0, atoms);
        // Continuous mass at or below each row, from the rows' Cdf less the atoms counted there.
        // Binned rows (one orthogonal layer) sit at their bins' middles: the continuous part ends at LambdaMax above them.
        double top = LambdaMax is double edge && edge > Density[0].Lambda ? edge : Density[0].Lambda;
        if (lambda >= top) return System.Math.Min(1.0, atoms + continuous);
        for (int i = 0; i < Density.Count; i++)
        {
            if (Density[i].Lambda > lambda) continue;
            double hi = ContinuousAt(i - 1, continuous), lo = ContinuousAt(i, continuous);
            double lHi = i == 0 ? top : Density[i - 1].Lambda, lLo = Density[i].Lambda;
            double t = lLo > 0.0 && lambda > 0.0 ? System.Math.Log(lambda / lLo) / System.Math.Log(lHi / lLo) : (lambda - lLo) / (lHi - lLo);
            return System.Math.Min(1.0, atoms + lo + t * (hi - lo));
        }
        // Below the lowest row: its share of mass shrinks to 0 at lambda = 0.
        var last = Density[Density.Count - 1];
        return System.Math.Min(1.0, atoms + ContinuousAt(Density.Count - 1, continuous) * lambda / last.Lambda);
    }

    /// <summary>The smallest lambda with FractionBelow(lambda) &gt;= <paramref name="fraction"/> (0 inside the zero atom).</summary>
    public double Quantile(double fraction)
    {
        if (!(fraction >= 0.0 && fraction <= 1.0)) throw new System.ArgumentOutOfRangeException(nameof(fraction), fraction, "A fraction lies in [0, 1].");
        if (LogEigenvalues is { Count: > 0 } sample)
        {
            // The smallest sampled eigenvalue with at least that fraction at or below it.
            int index = System.Math.Max(0, (int)System.Math.Ceiling(fraction * sample.Count) - 1);
            return System.Math.Exp(sample[index]);
        }
        if (ContinuousMass is null) throw NoDensity();
        if (fraction <= ZeroAtomMass) return 0.0;
        double hi = MaxEigenvalue ?? Density[0].Lambda;
        if (FractionBelow(hi) < fraction) return hi;
        // Bisection in log lambda from the top down 750 e-folds, past the double range: FractionBelow is monotone.
        double logLo = System.Math.Log(hi) - 750.0, logHi = System.Math.Log(hi);
        for (int k = 0; k < 200; k++)
        {
            double mid = 0.5 * (logLo + logHi);
            if (FractionBelow(System.Math.Exp(mid)) >= fraction) logHi = mid; else logLo = mid;
        }
        return System.Math.Exp(logHi);
    }

    /// <summary>The atoms' mass at or below lambda: the zero atom, and the top atom once lambda reaches it.</summary>
    private double AtomsAtOrBelow(double lambda) =>
        ZeroAtomMass + (AtomMass is double am && AtomLambda is double al && lambda >= al ? am : 0.0);

    private double ContinuousAt(int row, double continuous)
    {
        if (row < 0) return continuous;
        var x = Density[row];
        return System.Math.Max(0.0, (x.Cdf ?? 0.0) - AtomsAtOrBelow(x.Lambda));
    }

    private System.InvalidOperationException NoDensity() =>
        new("This spectrum has no density (HasDensity is false), so its distribution function is not known; its moments are.");

    /// <summary>True when Density, LambdaMax, LambdaMin and ContinuousMass were computed.</summary>
    public bool HasDensity => ContinuousMass.HasValue;

    /// <summary>The continuous part on a grid; enumerate it for (Lambda, Value, Weight) rows.</summary>
    public SpectralDensity Density { get; }

    /// <summary>How the spectrum was obtained: FreeProbability (theory) or Sampled (real random networks).</summary>
    public string Method { get; }

    /// <summary>What a sampled spectrum adds: how it was drawn and what came out; NetworkMoments[k][j] is m_(j+1) of network k alone (j = 0..3), for standard errors.</summary>
    public sealed record SampleInfo(int Width, int Networks, long Seed, string Backend, EigenvalueList Eigenvalues, EigenvalueList LogEigenvalues,
        double[][] NetworkMoments);

    /// <summary>Sampled: m_1..m_4 of each network alone (the spread across networks gives the standard errors).</summary>
    public double[][]? NetworkMoments() => _sample?.NetworkMoments.Select(m => (double[])m.Clone()).ToArray();

    /// <summary>
    /// Sampled: the same per-network moments as rows (network 1, 2, ...), so that an export keeps them and the spectrum
    /// read back compares with its standard errors; empty for a theory spectrum.
    /// </summary>
    public NetworkMomentList? PerNetworkMoments =>
        _sample is null ? null : new NetworkMomentList(_sample.NetworkMoments.Select((m, k) => new NetworkMoment(k + 1, m[0], m[1], m[2], m[3])).ToArray());

    private readonly SampleInfo? _sample;

    /// <summary>Sampled: the width N of the networks.</summary>
    public int? Width => _sample?.Width;

    /// <summary>Sampled: how many independent networks were pooled.</summary>
    public int? Networks => _sample?.Networks;

    /// <summary>Sampled: the seed; with the same inputs and backend, the same spectrum bit for bit.</summary>
    public long? Seed => _sample?.Seed;

    /// <summary>Sampled: the dense linear algebra that ran (OpenBLAS with its threads, or Managed).</summary>
    public string? Backend => _sample?.Backend;

    /// <summary>Sampled: the squared singular values of every network's Jacobian, pooled, ascending (exact zeros are 0,
    /// and values below the double range, which LogEigenvalues still carries, are 0 here).</summary>
    public EigenvalueList? Eigenvalues => _sample?.Eigenvalues;

    /// <summary>Sampled: their natural logarithms, ascending, -Infinity for the exact zeros.</summary>
    public EigenvalueList? LogEigenvalues => _sample?.LogEigenvalues;

    /// <summary>
    /// Sampled: how many nonzero eigenvalues lie below the double range (under about 5e-324): Eigenvalues shows them
    /// as 0, LogEigenvalues keeps their value. The flag that they are not exact zeros.
    /// </summary>
    public int? EigenvaluesBelowDoubleRange => _sample?.LogEigenvalues.Count(l => !double.IsNegativeInfinity(l) && System.Math.Exp(l) == 0.0);

    /// <summary>
    /// A sampled spectrum: the log eigenvalues of each network (<paramref name="logEigenvaluesPerNetwork"/>, exact zeros as
    /// -infinity), summarized as the theory's rows are (Mean, Variance, their logs, MaxEigenvalue, ZeroAtomMass).
    /// </summary>
    public static JacobianSpectrum FromSample(int depth, WeightInit init, MeanField.MeanFieldState state,
        System.Collections.Generic.IReadOnlyList<double[]> logEigenvaluesPerNetwork, int width, long seed, string backend)
    {
        int networks = logEigenvaluesPerNetwork.Count;
        var perNetwork = logEigenvaluesPerNetwork.Select(network =>
        {
            var m = new double[4];
            foreach (double l in network)
                for (int k = 0; k < 4; k++) m[k] += System.Math.Exp((k + 1) * l);
            for (int k = 0; k < 4; k++) m[k] /= network.Length;
            return m;
        }).ToArray();
        var logs = logEigenvaluesPerNetwork.SelectMany(l => l).ToArray();
        System.Array.Sort(logs);
        int count = logs.Length, zeros = 0;
        double top = double.NegativeInfinity;
        foreach (double l in logs)
        {
            if (double.IsNegativeInfinity(l)) zeros++;
            else top = System.Math.Max(top, l);
        }
        // log m_1 and log m_2 by log-sum-exp, so that moments past the double range keep their exponents.
        double LogMoment(int k)
        {
            if (zeros == count) return double.NegativeInfinity;
            double sum = 0.0;
            foreach (double l in logs) if (!double.IsNegativeInfinity(l)) sum += System.Math.Exp(k * (l - top));
            return k * top + System.Math.Log(sum) - System.Math.Log(count);
        }
        double logM1 = LogMoment(1), logM2 = LogMoment(2);
        double spread = zeros == count ? 0.0 : System.Math.Max(0.0, System.Math.Exp(logM2 - 2 * logM1) - 1.0);
        double? logVariance = spread > 0.0 ? 2 * logM1 + System.Math.Log(spread) : null;
        var eigenvalues = new double[count];
        for (int i = 0; i < count; i++) eigenvalues[i] = System.Math.Exp(logs[i]);
        double ln10 = System.Math.Log(10.0);
        return new JacobianSpectrum(depth, init, state.Activation, state.WeightStd, state.BiasStd, state.QStar, state.Chi,
            state.LinearFraction, System.Math.Exp(logM1), logVariance is double lv ? System.Math.Exp(lv) : 0.0,
            logM1 / ln10, logVariance / ln10, zeros == count ? null : System.Math.Exp(top), zeros == count ? null : eigenvalues[zeros],
            (double)zeros / count, null, null, null, null, SpectralDensity.Empty, "Sampled", null, null,
            new SampleInfo(width, networks, seed, backend, new EigenvalueList(eigenvalues, "eigenvalues"), new EigenvalueList(logs, "log eigenvalues"), perNetwork), state.Expression);
    }

    /// <summary>
    /// A spectrum read back from an export (Import-IsometryResult): every column as it was written. A theory spectrum gets its
    /// model back from (Init, Activation, WeightStd, Depth) and the law of D^2 at the exported q*, so its exact moments are
    /// those of the run that wrote it; a sampled one gets its eigenvalues and its per-network moments (from their own rows,
    /// or, for an export without them and one network, from the eigenvalues).
    /// </summary>
    public static JacobianSpectrum Restore(int depth, WeightInit init, Activation activation, double weightStd, double biasStd,
        double? qStar, double chi, double? linearFraction, double mean, double variance, double log10Mean, double? log10Variance,
        double? lambdaMax, double? lambdaMin, double zeroAtomMass, double? atomLambda, double? atomMass, double? continuousMass,
        double? massBelowGrid, string method, string? densityError, string? expression, DensitySample[] density,
        int? width, int? networks, long? seed, string? backend, double[]? eigenvalues, double[]? logEigenvalues,
        System.Collections.Generic.IReadOnlyList<NetworkMoment>? perNetworkMoments = null)
    {
        SampleInfo? sample = null;
        JacobianModel? model = null;
        if (method == "Sampled")
        {
            var values = eigenvalues ?? System.Array.Empty<double>();
            var logs = logEigenvalues ?? values.Select(x => System.Math.Log(x)).ToArray();
            var perNetwork = System.Array.Empty<double[]>();
            if (perNetworkMoments is { Count: > 0 })
                perNetwork = perNetworkMoments.OrderBy(n => n.Network).Select(n => new[] { n.M1, n.M2, n.M3, n.M4 }).ToArray();
            else if (networks == 1)
            {
                var m = new double[4];
                foreach (double l in logs)
                    for (int k = 0; k < 4; k++) m[k] += System.Math.Exp((k + 1) * l);
                for (int k = 0; k < 4; k++) m[k] /= System.Math.Max(1, logs.Length);
                perNetwork = new[] { m };
            }
            sample = new SampleInfo(width ?? 0, networks ?? 0, seed ?? 0, backend ?? "", new EigenvalueList(values, "eigenvalues"),
                new EigenvalueList(logs, "log eigenvalues"), perNetwork);
        }
        else if (weightStd > 0.0)
        {
            var phi = Activations.ActivationFunction.For(activation, expression);
            double q = qStar is double v && double.IsFinite(v) ? v : 0.0;
            model = new JacobianModel(init, DiagonalLaw.For(phi, q), weightStd, depth);
        }
        return new JacobianSpectrum(depth, init, activation, weightStd, biasStd, qStar, chi, linearFraction, mean, variance, log10Mean,
            log10Variance, lambdaMax, lambdaMin, zeroAtomMass, atomLambda, atomMass, continuousMass, massBelowGrid,
            density.Length == 0 ? SpectralDensity.Empty : new SpectralDensity(density), method, model, densityError, sample, expression);
    }

    /// <summary>
    /// Why the density is missing when the continuation did not converge (null otherwise). The moments, Mean and
    /// Variance do not depend on it and stay exact, so a sweep keeps the row.
    /// </summary>
    public string? DensityError { get; }

    /// <summary>The theory behind a FreeProbability spectrum: exact moments of any order.</summary>
    internal JacobianModel? Model { get; }

    /// <summary>Exact moments m_1..m_order for a theoretical spectrum (index k holds m_k).</summary>
    public double[] ExactMoments(int order) =>
        Model?.Moments(order) ?? throw new System.InvalidOperationException("Only a theoretical spectrum has exact moments.");
}

/// <summary>One sampled network's moments m_1..m_4 of J J^T (the rows of <see cref="JacobianSpectrum.PerNetworkMoments"/>).</summary>
public sealed record NetworkMoment(int Network, double M1, double M2, double M3, double M4);

/// <summary>
/// A sampled spectrum's per-network moments: enumerates its rows (which the exports write as a long table), while a table
/// or spreadsheet cell shows a one-line summary.
/// </summary>
public sealed class NetworkMomentList : System.Collections.Generic.IReadOnlyList<NetworkMoment>
{
    private readonly NetworkMoment[] _rows;

    internal NetworkMomentList(NetworkMoment[] rows) => _rows = rows;

    public int Count => _rows.Length;
    public NetworkMoment this[int index] => _rows[index];
    public System.Collections.Generic.IEnumerator<NetworkMoment> GetEnumerator() => ((System.Collections.Generic.IEnumerable<NetworkMoment>)_rows).GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => _rows.GetEnumerator();

    public override string ToString() => _rows.Length == 0 ? "no networks"
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} network{1}, m_1 in [{2:G4}, {3:G4}]",
            _rows.Length, _rows.Length == 1 ? "" : "s", _rows.Min(r => r.M1), _rows.Max(r => r.M1));
}
