using System.Globalization;
using System.Management.Automation;
using Isometry.FreeProbability;
using Isometry.MeanField;

namespace Isometry.Cmdlets;

/// <summary>
/// Get-JacobianSpectrum: the spectrum of J J^T of a depth-L random network, from free probability (the default) or
/// sampled from real random networks of a given width (-Width).
/// </summary>
[Cmdlet(VerbsCommon.Get, "JacobianSpectrum", DefaultParameterSetName = TheorySet)]
[OutputType(typeof(JacobianSpectrum))]
public sealed class GetJacobianSpectrumCommand : ActivationCmdlet, System.IDisposable
{
    private const string TheorySet = "Theory";
    private const string SampledSet = "Sampled";
    /// <summary>
    /// What a sweep shares: the mean field and law of D^2 of each (activation, WeightStd, BiasStd), and the critical
    /// WeightStd of each (activation, BiasStd), whether the points come as arrays or one by one through the pipeline.
    /// Bounded: a sweep over more settings than this starts over rather than growing without limit.
    /// </summary>
    private readonly System.Collections.Generic.Dictionary<(Isometry.Activations.ActivationFunction, double, double), NetworkSetup> _setups = new();
    private readonly System.Collections.Generic.Dictionary<(Isometry.Activations.ActivationFunction, double), double> _criticalWeightStd = new();
    private const int SharedSettings = 64;

    /// <summary>A theory point handed to the workers: its setting and depth, its place in the sweep, and the progress it marks.</summary>
    private sealed record TheoryPoint(NetworkSetup Setup, Activation Activation, WeightInit Init, int Depth, long SweepPoint, long Done, long Total);
    private int _workers = 1;
    private bool _saidWorkers;
    private int _handed;
    private volatile bool _stopping;

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [StrictInteger]
    [ValidateNotNullOrEmpty, ValidateRange(1, 1_000_000)]
    public int[] Depth { get; set; } = { 10 };

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(WeightInit))]
    [ValidateNotNullOrEmpty]
    public WeightInit[] Init { get; set; } = { WeightInit.Gaussian };

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(Activation))]
    [ValidateNotNullOrEmpty]
    public Activation[] Activation { get; set; } = { Isometry.Activation.Tanh };

    /// <summary>Defaults to the critical WeightStd for each Activation and BiasStd (Find-CriticalLine).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaW")]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateStd]
    public double[]? WeightStd { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaB")]
    [StrictNumber]
    [ValidateNotNullOrEmpty, ValidateStd]
    public double[] BiasStd { get; set; } = { 0.0 };

    [Parameter(ParameterSetName = TheorySet)]
    [Alias("Resolution")]
    [StrictInteger]
    [ValidateRange(8, 1_000_000)]
    public int DensityPoints { get; set; } = JacobianSpectrumSolver.DefaultDensityPoints;

    /// <summary>Sample real networks of this width instead of the theory.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SampledSet)]
    [StrictInteger]
    [ValidateRange(1, 20_000)]
    public int Width { get; set; }

    /// <summary>How many independent networks to pool.</summary>
    [Parameter(ParameterSetName = SampledSet)]
    [StrictInteger]
    [ValidateRange(1, 100_000)]
    public int Networks { get; set; } = 1;

    /// <summary>The seed of every draw: with the same inputs and backend, the same spectrum bit for bit.</summary>
    [Parameter(ParameterSetName = SampledSet)]
    public long Seed { get; set; } = 1;

    /// <summary>The variance of the input's pre-activations; q* when omitted.</summary>
    [Parameter(ParameterSetName = SampledSet)]
    [StrictNumber]
    [ValidateVariance]
    public double? InputVariance { get; set; }

    protected override void StopProcessing()
    {
        _stopping = true;
        base.StopProcessing();
    }

    /// <summary>At most this many theory spectra at once (by default one per core, or per CPU Slurm gave the task).</summary>
    [Parameter(ParameterSetName = TheorySet)]
    [ValidateRange(1, 1024)]
    public int? ThrottleLimit { get; set; }

    protected override void BeginProcessing()
    {
        if (ParameterSetName == SampledSet)
            WriteVerbose($"Sampled spectra on {Isometry.LinearAlgebra.DenseBackend.Default.Name}.");
        else
            _workers = Isometry.Sweeps.SweepWorkers.For(long.MaxValue, ThrottleLimit);
    }

    protected override void EndProcessing() => WriteAll();

    /// <summary>
    /// A pipeline stopped downstream (Select-Object -First) or by an error leaves the batch on the workers unwritten: its
    /// points in flight finish and no others start, so nothing runs on after the command.
    /// </summary>
    public void Dispose()
    {
        _feed?.Stop();
        _feed = null;
    }

    protected override void ProcessRecord()
    {
        // Depths piped in one at a time have no known total; an array given at once does.
        int weights = WeightStd?.Length ?? 1;
        var activations = Chosen(Activation);
        long total = (long)activations.Length * BiasStd.Length * weights * Init.Length * Depth.Length, done = 0;
        foreach (var activation in activations)
        {
            bool resolved = TryResolve(activation, new { Activation = activation, Expression }, out var phi);
            foreach (double sb in BiasStd)
            for (int w = 0; w < weights; w++)
                done = Run(resolved ? phi : null, sb, WeightStd?[w], done, total);
        }
    }

    /// <summary>
    /// Every Init and Depth at one (activation, BiasStd, WeightStd); returns the count done so far. A sweep's points are its
    /// (setting, Init, Depth) for the theory and its (setting, Init) for sampled networks (one pass gives every depth);
    /// they are counted whether or not this shard takes them or the setting fails (phi null: its activation did not resolve).
    /// </summary>
    private long Run(Isometry.Activations.ActivationFunction? phi, double sb, double? weightStd, long done, long total)
    {
        bool sampled = ParameterSetName == SampledSet;
        var taken = new System.Collections.Generic.List<(WeightInit Init, int Depth, long Point)>();
        foreach (var init in Init)
        {
            if (sampled)
            {
                if (TakePoint(out long point)) taken.Add((init, 0, point));
                continue;
            }
            foreach (int depth in Depth)
                if (TakePoint(out long point)) taken.Add((init, depth, point));
        }
        var setup = phi != null && taken.Count > 0 ? Setup(phi, weightStd, sb) : null;
        if (setup == null) return done + (long)Init.Length * Depth.Length;
        foreach (var (init, depth, point) in taken)
        {
            if (sampled)
            {
                WriteSampled(phi!, setup.State, init, point);
                done += Depth.Length;
                ReportProgress(4, "Solving Jacobian spectra", done, total);
                continue;
            }
            Add(new TheoryPoint(setup, phi!.Kind, init, depth, point, ++done, total));
        }
        return done;
    }

    /// <summary>
    /// How many points may wait to be written: enough to keep every worker busy while the pipeline binds the next ones,
    /// few enough to bound the memory held and how far the workers run ahead of a pipeline stopped downstream.
    /// </summary>
    private int Window => 16 * _workers;

    /// <summary>The theory points handed to the workers and not yet written.</summary>
    private Isometry.Sweeps.Feed<TheoryPoint, JacobianSpectrum>? _feed;

    /// <summary>
    /// Hands a point to the workers, which start it at once, then writes every point already computed (in the order they
    /// came), waiting only when the window is full. Piped one by one, PowerShell binds each depth in about 0.05 to 0.15
    /// ms (a tenth to a third of a Tanh depth's own work): the workers compute while it does, instead of waiting for a
    /// batch to gather.
    /// </summary>
    private void Add(TheoryPoint point)
    {
        _feed ??= new Isometry.Sweeps.Feed<TheoryPoint, JacobianSpectrum>(
            p => JacobianSpectrumSolver.Solve(p.Setup, p.Init, p.Depth, DensityPoints), _workers, StopToken);
        _feed.Add(point);
        if (!_saidWorkers && _workers > 1 && ++_handed == 2)
        {
            _saidWorkers = true;
            WriteVerbose($"Theory spectra {_workers} at a time, {OnWorkers(_workers, ThrottleLimit)}.");
        }
        Write(wait: false);
        while (_feed.Outstanding >= Window && Write(wait: true, one: true)) { }
    }

    /// <summary>Every point so far written, in order (before an error or a verbose line of new work, and at the end).</summary>
    private void WriteAll() => Write(wait: true);

    /// <summary>Writes the points computed, in order: those ready (or, waiting, all of them, or the oldest one). False when none was.</summary>
    private bool Write(bool wait, bool one = false)
    {
        bool wrote = false;
        while (_feed != null && _feed.TryTake(wait, out var p, out var outcome))
        {
            wrote = true;
            if (TryUnwrap(outcome, new { p.Activation, p.Init, p.Depth }, $"the spectrum of {p.Activation} {p.Init} at depth {p.Depth}", out var spectrum))
                WriteTheory(p.Setup, p.Activation, p.Init, p.Depth, spectrum, p.SweepPoint);
            ReportProgress(4, "Solving Jacobian spectra", p.Done, p.Total);
            if (one) break;
        }
        return wrote;
    }

    /// <summary>The sampled spectra of one point at every depth: one pass through the deepest network gives them all.</summary>
    private void WriteSampled(Isometry.Activations.ActivationFunction phi, MeanFieldState state, WeightInit init, long sweepPoint)
    {
        string activation = Describe(phi);
        var target = new { Activation = phi.Kind, phi.Expression, Init = init, Depth };
        if (TryCompute(() => Sample(phi, state, init), target, $"sampled networks of {activation} {init}", out var sampled) && sampled != null)
            foreach (var spectrum in sampled) WriteObject(Tagged(spectrum, sweepPoint));
    }

    private readonly System.Collections.Generic.HashSet<Activation> _densityNotComputed = new();

    /// <summary>The theory's spectrum at one depth; a density that did not converge is an error beside a row that still goes out.</summary>
    private void WriteTheory(NetworkSetup setup, Activation activation, WeightInit init, int depth, JacobianSpectrum spectrum, long sweepPoint)
    {
        var target = new { Activation = activation, Init = init, Depth = depth };
        if (spectrum.DensityError is string known && JacobianSpectrumSolver.NotTabulated(setup, init, depth) is not null)
        {
            // Not a failure of this point but what the module computes for this activation: said once, not per row.
            if (_densityNotComputed.Add(activation))
                WriteWarning(known + " Mean, Variance and moments are exact; the density is left empty.");
        }
        else if (spectrum.DensityError is string why)
        {
            // The row still goes out: its moments are exact; the error says the density is missing and why.
            WriteError(new ErrorRecord(new NotConvergedException("SpectrumNotConverged", why + " Mean, Variance and moments are exact; the density is left empty."),
                "SpectrumNotConverged", ErrorCategory.LimitsExceeded, target));
        }
        if (spectrum.HasDensity && spectrum.Density.Count > 0)
            WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                "{0} {1} depth {2}: density {3}; mass below the grid {4:G6}, continuous mass {5:G10}.",
                activation, init, depth, spectrum.Density, spectrum.MassBelowGrid, spectrum.ContinuousMass));
        WriteObject(Tagged(spectrum, sweepPoint));
    }

    /// <summary>
    /// Networks of Width units sampled at one point, pooled, with the spectrum at every requested depth from one pass;
    /// progress per network and layer; null when stopped (Ctrl+C), which PowerShell then reports itself.
    /// </summary>
    private JacobianSpectrum[]? Sample(Isometry.Activations.ActivationFunction phi, MeanFieldState state, WeightInit init)
    {
        var backend = Isometry.LinearAlgebra.DenseBackend.Default;
        int deepest = System.Linq.Enumerable.Max(Depth);
        var perDepth = new System.Collections.Generic.List<double[]>[Depth.Length];
        for (int k = 0; k < Depth.Length; k++) perDepth[k] = new System.Collections.Generic.List<double[]>(Networks);
        var progress = new ProgressRecord(5, $"Sampling {state.Activation} {init} networks, width {Width}, depth {deepest}", "starting");
        try
        {
            for (int network = 0; network < Networks; network++)
            {
                int current = network;
                var samples = Isometry.Sampling.JacobianSampler.RunDepths(phi, init, state.WeightStd, state.BiasStd, Depth, Width,
                    Seed, network, InputVariance, backend, () => _stopping, layer =>
                    {
                        progress.StatusDescription = $"network {current + 1} of {Networks}, layer {layer} of {deepest}";
                        progress.PercentComplete = (int)(100L * (current * (long)deepest + layer) / ((long)Networks * deepest));
                        WriteProgressFromEngine(progress);
                    });
                for (int k = 0; k < Depth.Length; k++) perDepth[k].Add(samples[k].WithZeros());
            }
        }
        catch (System.OperationCanceledException)
        {
            return null;
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgressFromEngine(progress);
        var spectra = new JacobianSpectrum[Depth.Length];
        for (int k = 0; k < Depth.Length; k++)
            spectra[k] = JacobianSpectrum.FromSample(Depth[k], init, state, perDepth[k], Width, Seed, backend.Name);
        return spectra;
    }

    /// <summary>Progress from the engine's callbacks, which run on the pipeline thread between layers.</summary>
    private void WriteProgressFromEngine(ProgressRecord record)
    {
        if (!_stopping) WriteProgress(record);
    }

    /// <summary>The mean field of one activation at (WeightStd, BiasStd), shared across a sweep; null after an error.</summary>
    private NetworkSetup? Setup(Isometry.Activations.ActivationFunction phi, double? weightStd, double biasStd)
    {
        string activation = Describe(phi);
        object target = new { Activation = phi.Kind, phi.Expression, WeightStd = weightStd, BiasStd = biasStd };
        double sw;
        if (weightStd is double given) sw = given;
        else if (!_criticalWeightStd.TryGetValue((phi, biasStd), out sw))
        {
            // New work may write errors and verbose lines: first the points already waiting, so the output keeps its order.
            WriteAll();
            if (!TryCompute(() => CriticalLineSolver.Solve(phi, biasStd).WeightStd, target,
                    $"the critical WeightStd of {activation} at BiasStd {biasStd}", out sw))
                return null;
            if (_criticalWeightStd.Count >= SharedSettings) _criticalWeightStd.Clear();
            _criticalWeightStd[(phi, biasStd)] = sw;
            WriteVerbose(string.Format(CultureInfo.InvariantCulture,
                "{0} at BiasStd {1}: no -WeightStd given, so the critical WeightStd {2:R} (chi = 1, as Find-CriticalLine gives).",
                activation, biasStd, sw));
        }
        if (!_setups.TryGetValue((phi, sw, biasStd), out var shared))
        {
            WriteAll();
            if (!TryCompute(() => JacobianSpectrumSolver.Prepare(phi, sw, biasStd), target,
                    $"the mean field of {activation} at WeightStd {sw}, BiasStd {biasStd}", out NetworkSetup prepared))
                return null;
            if (_setups.Count >= SharedSettings) _setups.Clear();
            _setups[(phi, sw, biasStd)] = shared = prepared;
        }
        if (shared.State.WeightStd == 0.0)
        {
            WriteAll();
            WriteError(new ErrorRecord(new PSArgumentException("A Jacobian spectrum needs WeightStd > 0: with WeightStd 0 the Jacobian is 0."),
                "ZeroWeightStd", ErrorCategory.InvalidArgument, target));
            return null;
        }
        return shared;
    }
}
