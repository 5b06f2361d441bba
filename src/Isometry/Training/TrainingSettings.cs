using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Isometry.Training;

/// <summary>How the parameters move: plain SGD, SGD with momentum (heavy ball), or Adam (Kingma and Ba 2015).</summary>
public enum Optimizer
{
    Sgd,
    Momentum,
    Adam,
}

/// <summary>The floating-point type of the weights, activations and gradients.</summary>
public enum Precision
{
    Double,
    Single,
}

/// <summary>
/// One training run: a fully connected network of Depth hidden layers of Width units with the activation and
/// initialization of the mean field (WeightStd, BiasStd; inputs scaled so the first layer's pre-activations have
/// variance InputVariance), a softmax read-out, and minibatch training.
/// </summary>
public sealed record TrainingSettings(
    Activation Activation,
    WeightInit Init,
    double WeightStd,
    double BiasStd,
    double InputVariance,
    int Depth,
    int Width,
    int Steps,
    int BatchSize,
    double LearningRate,
    Optimizer Optimizer,
    long Seed,
    int EvaluateEvery,
    int TestSamples,
    Precision Precision = Precision.Double,
    double Momentum = 0.9,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8)
{
    /// <summary>A Custom activation's expression in x (and its derivative, when given); null for the built-in ones.</summary>
    public string? Expression { get; init; }

    public string? Derivative { get; init; }

    /// <summary>The activation function itself (a Custom one compiled from <see cref="Expression"/>).</summary>
    public Isometry.Activations.ActivationFunction Function => Isometry.Activations.ActivationFunction.For(Activation, Expression, Derivative);
}

/// <summary>The Frobenius norm of each weight matrix's gradient, first hidden layer first, the read-out last.</summary>
public sealed class GradientNorms : IReadOnlyList<double>
{
    private readonly double[] _norms;

    public GradientNorms(double[] norms) => _norms = norms;

    public int Count => _norms.Length;

    public double this[int index] => _norms[index];

    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)_norms).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _norms.GetEnumerator();

    /// <summary>First, last hidden layer and their ratio: how much the gradient shrinks or grows through depth.</summary>
    public override string ToString() => _norms.Length < 2 ? string.Join(" ", _norms)
        : string.Format(CultureInfo.InvariantCulture, "{0} layers: first {1:G3}, last hidden {2:G3}", _norms.Length, _norms[0], _norms[^2]);
}

/// <summary>One evaluation of a training run: where it stands, and the configuration with its theory at initialization.</summary>
public sealed class TrainingEvaluation
{
    internal TrainingEvaluation(TrainingSettings settings, string dataset, string backend, double? qStar, double? variance, double? lambdaMax,
        int step, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy, double seconds, GradientNorms norms)
    {
        Step = step;
        TrainLoss = trainLoss;
        TrainAccuracy = trainAccuracy;
        TestLoss = testLoss;
        TestAccuracy = testAccuracy;
        Seconds = seconds;
        Activation = settings.Activation;
        Expression = settings.Expression;
        Init = settings.Init;
        Depth = settings.Depth;
        Width = settings.Width;
        WeightStd = settings.WeightStd;
        BiasStd = settings.BiasStd;
        QStar = qStar;
        InputVariance = settings.InputVariance;
        Variance = variance;
        LambdaMax = lambdaMax;
        Optimizer = settings.Optimizer;
        LearningRate = settings.LearningRate;
        BatchSize = settings.BatchSize;
        Seed = settings.Seed;
        Precision = settings.Precision;
        Dataset = dataset;
        Backend = backend;
        GradientNorms = norms;
    }

    public int Step { get; }
    /// <summary>The mean cross-entropy of the minibatches since the last evaluation (at step 0: the first minibatch).</summary>
    public double TrainLoss { get; }
    public double TrainAccuracy { get; }
    public double TestLoss { get; }
    /// <summary>Accuracy on the first TestSamples examples of the test set.</summary>
    public double TestAccuracy { get; }
    /// <summary>Seconds of training since the start (evaluations excluded).</summary>
    public double Seconds { get; }
    public Activation Activation { get; }

    /// <summary>The expression of a Custom activation; null for the built-in ones.</summary>
    public string? Expression { get; }
    public WeightInit Init { get; }
    public int Depth { get; }
    public int Width { get; }
    public double WeightStd { get; }
    public double BiasStd { get; }
    public double? QStar { get; }
    public double InputVariance { get; }
    /// <summary>The theory's variance of the spectrum of J J^T at initialization (Get-JacobianSpectrum).</summary>
    public double? Variance { get; }
    /// <summary>The theory's largest eigenvalue of J J^T at initialization.</summary>
    public double? LambdaMax { get; }
    public Optimizer Optimizer { get; }
    public double LearningRate { get; }
    public int BatchSize { get; }
    public long Seed { get; }
    public Precision Precision { get; }
    public string Dataset { get; }
    public string Backend { get; }
    /// <summary>The norm of each layer's weight gradient on the last minibatch.</summary>
    public GradientNorms GradientNorms { get; }
}

/// <summary>The loss stopped being a number: the run ends at that step; the evaluations before it stand.</summary>
public sealed class TrainingDivergedException : IsometryException
{
    public TrainingDivergedException(int step, double loss)
        : base("TrainingDiverged", string.Format(CultureInfo.InvariantCulture,
            "The training loss became {0} at step {1}: the run stops there (the rows before it stand). Lower -LearningRate, or move the network towards criticality.", loss, step))
    {
        Step = step;
    }

    public int Step { get; }
}
