using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Isometry.Training;

namespace Isometry.Cmdlets;

/// <summary>The data a training run learns.</summary>
public enum TrainingData
{
    FashionMnist,
    Teacher,
}

/// <summary>
/// <para type="synopsis">Trains a deep fully connected network from the mean field's initialization and reports its loss and accuracy as it learns.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "TrainingRun")]
[OutputType(typeof(TrainingEvaluation))]
public sealed class InvokeTrainingRunCommand : ActivationCmdlet
{
    private static readonly Dictionary<string, (DateTime Written, Dataset Data)> Loaded = new();
    private static readonly Lazy<Dataset> Teacher = new(() => TeacherTask.Generate(1, train: 20000, test: 2000));
    private volatile bool _stopping;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(Activation))]
    public Activation Activation { get; set; } = Isometry.Activation.Tanh;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [StrictEnum(typeof(WeightInit))]
    public WeightInit[] Init { get; set; } = { WeightInit.Orthogonal };

    /// <summary>The weight standard deviation; the critical one for BiasStd (chi = 1) when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaW")]
    [StrictNumber]
    [ValidateStd]
    public double? WeightStd { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("SigmaB")]
    [StrictNumber]
    [ValidateStd]
    public double BiasStd { get; set; } = 0.05;

    /// <summary>The variance of the first layer's pre-activations; q* when omitted (1 where q* does not exist).</summary>
    [Parameter]
    [StrictNumber]
    [ValidateVariance]
    public double? InputVariance { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [StrictInteger]
    [ValidateRange(1, 10_000)]
    public int Depth { get; set; } = 20;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [StrictInteger]
    [ValidateRange(1, 65_536)]
    public int Width { get; set; } = 256;

    [Parameter]
    [StrictInteger]
    [ValidateRange(1, 100_000_000)]
    public int Steps { get; set; } = 1000;

    [Parameter]
    [StrictInteger]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 128;

    [Parameter]
    [StrictNumber]
    [ValidateRange(0.0, 1e300)]
    public double LearningRate { get; set; } = 1e-3;

    [Parameter]
    [StrictEnum(typeof(Optimizer))]
    public Optimizer Optimizer { get; set; } = Isometry.Training.Optimizer.Adam;

    [Parameter]
    [StrictNumber]
    [ValidateRange(0.0, 1.0)]
    public double Momentum { get; set; } = 0.9;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public long Seed { get; set; } = 1;

    [Parameter]
    [StrictInteger]
    [ValidateRange(1, 100_000_000)]
    public int EvaluateEvery { get; set; } = 100;

    [Parameter]
    [StrictInteger]
    [ValidateRange(1, 10_000_000)]
    public int TestSamples { get; set; } = 10_000;

    [Parameter]
    [StrictEnum(typeof(Precision))]
    public Precision Precision { get; set; } = Isometry.Training.Precision.Double;

    [Parameter]
    [StrictEnum(typeof(TrainingData))]
    public TrainingData Dataset { get; set; } = TrainingData.FashionMnist;

    /// <summary>The folder of Fashion-MNIST's IDX files.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string DatasetPath { get; set; } = FashionMnist.DefaultPath;

    protected override void StopProcessing() => _stopping = true;

    protected override void ProcessRecord()
    {
        // A sweep's points are its configurations: each Init of each record, counted whether or not this shard takes it.
        foreach (var init in Init)
        {
            if (_stopping) return;
            if (TakePoint(out long point)) Train(init, point);
        }
    }

    /// <summary>One run; its failures are errors for this configuration, so a sweep goes on.</summary>
    private void Train(WeightInit init, long sweepPoint)
    {
        var target = new { Activation, Init = init, WeightStd, BiasStd, Depth, Width, Seed };
        var activation = Chosen(new[] { Activation })[0];
        if (!TryResolve(activation, target, out var phi)) return;
        if (!TryCompute(LoadData, target, "the dataset", out var data)) return;
        if (!TryCompute(() => WeightStd ?? CriticalLineSolver.Solve(phi, BiasStd).WeightStd, target,
                $"the critical WeightStd of {Describe(phi)} at BiasStd {BiasStd}", out double sw)) return;
        if (!TryCompute(() => FixedPointSolver.Solve(phi, sw, BiasStd), target, "the mean field", out var state)) return;
        double inputVariance = InputVariance ?? (state.QStar is double q && double.IsFinite(q) && q > 0 ? q : 1.0);
        // The theory's spectrum of J J^T at initialization, for the row (it is not needed to train).
        double? variance = null, lambdaMax = null;
        if (sw > 0 && TryCompute(() => JacobianSpectrumSolver.Solve(JacobianSpectrumSolver.Prepare(phi, sw, BiasStd), init, Depth, 64), target,
                "the theory's spectrum", out var theory))
        {
            variance = theory.Variance;
            lambdaMax = theory.LambdaMax;
        }
        var settings = new TrainingSettings(activation, init, sw, BiasStd, inputVariance, Depth, Width, Steps, BatchSize, LearningRate,
            Optimizer, Seed, EvaluateEvery, TestSamples, Precision, Momentum) { Expression = phi.Expression, Derivative = Derivative };
        WriteVerbose(string.Format(CultureInfo.InvariantCulture,
            "{0} {1}, depth {2}, width {3}: WeightStd {4:R}, BiasStd {5:R}, input variance {6:R}; {7} on {8} ({9} training examples) with {10}, {11}.",
            init, Activation, Depth, Width, sw, BiasStd, inputVariance, Optimizer, data.Name, data.TrainCount, Isometry.LinearAlgebra.DenseBackend.Default.Name, Precision));
        var progress = new ProgressRecord(6, $"Training {init} {Activation}, depth {Depth}, width {Width}", "starting");
        try
        {
            foreach (var evaluation in Trainer.Run(settings, data, Isometry.LinearAlgebra.DenseBackend.Default, state.QStar, variance, lambdaMax,
                         () => _stopping, step =>
                         {
                             if (step % Math.Max(1, Steps / 100) != 0 || _stopping) return;
                             progress.StatusDescription = $"step {step} of {Steps}";
                             progress.PercentComplete = (int)(100L * step / Steps);
                             WriteProgress(progress);
                         }))
                WriteObject(Tagged(evaluation, sweepPoint));
        }
        catch (TrainingDivergedException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidResult, target));
        }
        catch (OutOfMemoryException)
        {
            WriteError(new ErrorRecord(new InvalidOperationException(
                $"A network of depth {Depth} and width {Width} with batches of {BatchSize} does not fit in memory: make it smaller."), "NetworkTooLarge",
                ErrorCategory.ResourceUnavailable, target));
        }
        if (!_stopping)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    private Dataset LoadData()
    {
        // One fixed task, so that -Seed varies the network and its minibatches, never the data.
        if (Dataset == TrainingData.Teacher) return Teacher.Value;
        string folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(DatasetPath);
        // Loaded once per session (60,000 images): later runs reuse it while the files are unchanged.
        DateTime written = Directory.Exists(folder) ? Directory.GetLastWriteTimeUtc(folder) : default;
        lock (Loaded)
        {
            if (Loaded.TryGetValue(folder, out var cached) && cached.Written == written) return cached.Data;
            var data = FashionMnist.Load(folder);
            Loaded[folder] = (written, data);
            return data;
        }
    }
}
