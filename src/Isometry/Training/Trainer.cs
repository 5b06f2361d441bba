using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Numerics;
using Isometry.LinearAlgebra;
using Isometry.Sampling;

namespace Isometry.Training;

/// <summary>
/// Trains a network on a dataset and reports evaluations at step 0, every EvaluateEvery steps and at the end.
/// Minibatches are drawn without replacement, a fresh permutation per epoch from (seed, epoch); inputs are centred
/// and scaled per example so that the first layer's pre-activations have variance InputVariance, as in the mean
/// field. With the same settings, data and backend (and its thread count), every loss is the same bit for bit.
/// </summary>
public static class Trainer
{
    /// <summary>The evaluations of one run; a non-finite loss throws <see cref="TrainingDivergedException"/> after the earlier ones.</summary>
    public static IEnumerable<TrainingEvaluation> Run(TrainingSettings settings, Dataset data, DenseBackend backend,
        double? qStar, double? variance, double? lambdaMax, Func<bool> stopping, Action<int>? progress = null) =>
        settings.Precision == Precision.Single
            ? Run<float>(settings, data, backend, qStar, variance, lambdaMax, stopping, progress)
            : Run<double>(settings, data, backend, qStar, variance, lambdaMax, stopping, progress);

    private static IEnumerable<TrainingEvaluation> Run<T>(TrainingSettings s, Dataset data, DenseBackend backend,
        double? qStar, double? variance, double? lambdaMax, Func<bool> stopping, Action<int>? progress)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int capacity = Math.Max(s.BatchSize, Math.Min(1000, s.TestSamples));
        var network = new Network<T>(s, data.Features, data.Classes, capacity, backend);
        var parameters = network.Weights.Concat(network.Biases).ToArray();
        var gradients = network.WeightGradients.Concat(network.BiasGradients).ToArray();
        var update = new ParameterUpdate<T>(s, parameters);
        var dLogits = new T[data.Classes * capacity];
        var order = Enumerable.Range(0, data.TrainCount).ToArray();
        int position = data.TrainCount, epoch = -1;
        var clock = new Stopwatch();
        double lossSum = 0, correctSum = 0;
        int seen = 0;
        var batch = new int[s.BatchSize];

        TrainingEvaluation Evaluate(int step, double trainLoss, double trainAccuracy)
        {
            var (testLoss, testAccuracy) = Test(network, s, data, dLogits);
            var norms = new GradientNorms(network.WeightGradients.Select(g => Math.Sqrt(g.Sum(v => double.CreateTruncating(v) * double.CreateTruncating(v)))).ToArray());
            return new TrainingEvaluation(s, data.Name, backend.Name, qStar, variance, lambdaMax, step, trainLoss, trainAccuracy, testLoss, testAccuracy,
                clock.Elapsed.TotalSeconds, norms);
        }

        for (int step = 0; step <= s.Steps; step++)
        {
            if (stopping()) yield break;
            // The next minibatch: a new permutation when the epoch's examples run out.
            if (position + s.BatchSize > data.TrainCount)
            {
                epoch++;
                var shuffle = new RandomStream(s.Seed, 1, epoch, RandomStream.Inputs);
                for (int i = order.Length - 1; i > 0; i--)
                {
                    int j = (int)(shuffle.NextBits() % (ulong)(i + 1));
                    (order[i], order[j]) = (order[j], order[i]);
                }
                position = 0;
            }
            Array.Copy(order, position, batch, 0, s.BatchSize);
            position += s.BatchSize;
            clock.Start();
            Load(network.Input, data.TrainInputs, data.Features, batch, s);
            var logits = network.Forward(s.BatchSize);
            var (loss, correct) = Loss(logits, data.TrainLabels, batch, data.Classes, s.BatchSize, dLogits);
            if (!double.IsFinite(loss))
            {
                clock.Stop();
                throw new TrainingDivergedException(step, loss);
            }
            network.Backward(dLogits, s.BatchSize);
            clock.Stop();
            if (step == 0)
            {
                // Before the first update: the loss at initialization, and the gradients it gives.
                yield return Evaluate(0, loss, correct / s.BatchSize);
            }
            else
            {
                lossSum += loss;
                correctSum += correct;
                seen += s.BatchSize;
                if (step % s.EvaluateEvery == 0 || step == s.Steps)
                {
                    yield return Evaluate(step, lossSum / (seen / (double)s.BatchSize), correctSum / seen);
                    lossSum = correctSum = 0;
                    seen = 0;
                }
            }
            if (step == s.Steps) yield break;
            clock.Start();
            update.Step(parameters, gradients);
            clock.Stop();
            progress?.Invoke(step + 1);
        }
    }

    /// <summary>Copies examples into the input buffer, each centred and scaled to |x|^2 = d (q_in - sb^2) / sw^2.</summary>
    public static void Load<T>(T[] input, float[] source, int features, IReadOnlyList<int> examples, TrainingSettings s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double target = s.WeightStd > 0 ? features * Math.Max(s.InputVariance - s.BiasStd * s.BiasStd, 0.0) / (s.WeightStd * s.WeightStd) : features;
        for (int n = 0; n < examples.Count; n++)
        {
            int from = examples[n] * features, to = n * features;
            double mean = 0, square = 0;
            for (int i = 0; i < features; i++) mean += source[from + i];
            mean /= features;
            for (int i = 0; i < features; i++) { double d = source[from + i] - mean; square += d * d; }
            double scale = square > 0 ? Math.Sqrt(target / square) : 0.0;
            for (int i = 0; i < features; i++) input[to + i] = T.CreateTruncating((source[from + i] - mean) * scale);
        }
    }

    /// <summary>Mean softmax cross-entropy (in double) and the count of correct argmax; dLogits = (p - onehot) / batch.</summary>
    public static (double Loss, double Correct) Loss<T>(T[] logits, byte[] labels, IReadOnlyList<int> examples, int classes, int batch, T[] dLogits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double loss = 0, correct = 0;
        var p = new double[classes];
        for (int n = 0; n < batch; n++)
        {
            int offset = n * classes, label = labels[examples[n]];
            double top = double.NegativeInfinity;
            int best = 0;
            for (int c = 0; c < classes; c++)
            {
                double z = double.CreateTruncating(logits[offset + c]);
                if (z > top) { top = z; best = c; }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += p[c] = Math.Exp(double.CreateTruncating(logits[offset + c]) - top);
            loss += Math.Log(sum) - (double.CreateTruncating(logits[offset + label]) - top);
            if (best == label) correct++;
            for (int c = 0; c < classes; c++) dLogits[offset + c] = T.CreateTruncating((p[c] / sum - (c == label ? 1.0 : 0.0)) / batch);
        }
        return (loss / batch, correct);
    }

    private static (double Loss, double Accuracy) Test<T>(Network<T> network, TrainingSettings s, Dataset data, T[] scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int total = Math.Min(s.TestSamples, data.TestCount);
        double loss = 0, correct = 0;
        for (int start = 0; start < total; start += network.Capacity)
        {
            int count = Math.Min(network.Capacity, total - start);
            var examples = Enumerable.Range(start, count).ToArray();
            Load(network.Input, data.TestInputs, data.Features, examples, s);
            var logits = network.Forward(count);
            var (l, c) = Loss(logits, data.TestLabels, examples, data.Classes, count, scratch);
            loss += l * count;
            correct += c;
        }
        return (loss / total, correct / total);
    }
}
