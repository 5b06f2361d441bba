using System;
using System.Collections.Generic;
using System.Linq;
using Isometry.LinearAlgebra;
using Isometry.MeanField;
using Isometry.Training;
using Xunit;

namespace Isometry.Tests;

/// <summary>Training: the backward pass against finite differences, the optimizers against hand-worked steps, learning, determinism, divergence.</summary>
public sealed class TrainingTests
{
    private static TrainingSettings Settings(Activation activation = Activation.Tanh, WeightInit init = WeightInit.Orthogonal, int depth = 1,
        int width = 32, int steps = 300, int batch = 64, double lr = 0.01, Optimizer optimizer = Optimizer.Adam, long seed = 1,
        Precision precision = Precision.Double, double sw = 1.0, double sb = 0.1, int evaluateEvery = 100) =>
        new(activation, init, sw, sb, 1.0, depth, width, steps, batch, lr, optimizer, seed, evaluateEvery, 1000, precision);

    private static readonly Dataset Teacher = TeacherTask.Generate(7, train: 20000);

    private static List<TrainingEvaluation> Train(TrainingSettings s, Dataset? data = null) =>
        Trainer.Run(s, data ?? Teacher, DenseBackend.Default, null, null, null, () => false).ToList();

    [Theory]
    [InlineData(Activation.Tanh, WeightInit.Orthogonal)]
    [InlineData(Activation.Erf, WeightInit.Gaussian)]
    [InlineData(Activation.Linear, WeightInit.Orthogonal)]
    [InlineData(Activation.Sigmoid, WeightInit.Gaussian)]
    [InlineData(Activation.SiLU, WeightInit.Orthogonal)]
    [InlineData(Activation.GELU, WeightInit.Gaussian)]
    [InlineData(Activation.Softplus, WeightInit.Orthogonal)]
    [InlineData(Activation.SELU, WeightInit.Gaussian)]
    public void The_backward_pass_matches_central_differences(Activation activation, WeightInit init)
    {
        // Widths 5 -> 6 -> 6 -> 6 -> 3, batch 4, in double: every weight and bias against (L(w + h) - L(w - h)) / 2h.
        var s = Settings(activation, init, depth: 3, width: 6, batch: 4, sw: 1.3, sb: 0.3);
        var data = TeacherTask.Generate(3, features: 5, classes: 3, hidden: 4, train: 8, test: 4);
        var network = new Network<double>(s, 5, 3, 4, DenseBackend.Default);
        int[] examples = { 0, 1, 2, 3 };
        var dLogits = new double[12];
        double LossAt()
        {
            Trainer.Load(network.Input, data.TrainInputs, 5, examples, s);
            return Trainer.Loss(network.Forward(4), data.TrainLabels, examples, 3, 4, dLogits).Loss;
        }
        LossAt();
        network.Backward(dLogits, 4);
        var analytic = network.WeightGradients.Concat(network.BiasGradients).Select(g => (double[])g.Clone()).ToArray();
        var parameters = network.Weights.Concat(network.Biases).ToArray();
        const double h = 1e-5;
        double worst = 0;
        for (int a = 0; a < parameters.Length; a++)
        for (int i = 0; i < parameters[a].Length; i++)
        {
            double keep = parameters[a][i];
            parameters[a][i] = keep + h;
            double up = LossAt();
            parameters[a][i] = keep - h;
            double down = LossAt();
            parameters[a][i] = keep;
            double numeric = (up - down) / (2 * h), exact = analytic[a][i];
            // The difference quotient carries rounding noise of about 1e-16 |L| / h = 1e-11 (absolute): gradients below 1e-5
            // are compared at that floor, where a wrong derivative would still miss by orders of magnitude.
            worst = Math.Max(worst, Math.Abs(numeric - exact) / Math.Max(Math.Abs(numeric) + Math.Abs(exact), 1e-5));
        }
        Assert.True(worst < 1e-6, $"worst relative error {worst:E2}");
    }

    [Fact]
    public void One_momentum_step_and_one_Adam_step_match_the_hand_worked_values()
    {
        double[] w0 = { 1.0, -2.0 }, g1 = { 0.5, 0.1 }, g2 = { 0.2, -0.3 };
        // Momentum, lr 0.1, mu 0.9: v1 = g1, w1 = w0 - 0.1 g1 = (0.95, -2.01); v2 = 0.9 g1 + g2 = (0.65, -0.21), w2 = w1 - 0.1 v2 = (0.885, -1.989).
        var momentum = Settings(lr: 0.1, optimizer: Optimizer.Momentum);
        var w = new[] { (double[])w0.Clone() };
        var update = new ParameterUpdate<double>(momentum, w);
        update.Step(w, new[] { g1 });
        Assertions.Close(0.95, w[0][0], 1e-15); Assertions.Close(-2.01, w[0][1], 1e-15);
        update.Step(w, new[] { g2 });
        Assertions.Close(0.885, w[0][0], 1e-15); Assertions.Close(-1.989, w[0][1], 1e-15);
        // Adam, lr 0.1, b1 0.9, b2 0.999, eps 1e-8. Step 1: m = 0.1 g1, s = 0.001 g1^2, bias-corrected m/0.1 = g1 and
        // s/0.001 = g1^2, so w1 = w0 - 0.1 g1 / (|g1| + 1e-8) = (1 - 0.1 * 0.5/0.50000001, -2 - 0.1 * 0.1/0.10000001).
        var adam = Settings(lr: 0.1, optimizer: Optimizer.Adam);
        w = new[] { (double[])w0.Clone() };
        update = new ParameterUpdate<double>(adam, w);
        update.Step(w, new[] { g1 });
        Assertions.Close(1 - 0.1 * 0.5 / 0.50000001, w[0][0], 1e-15);
        Assertions.Close(-2 - 0.1 * 0.1 / 0.10000001, w[0][1], 1e-15);
        // Step 2: m = 0.9 * 0.05 + 0.1 * 0.2 = 0.065, s = 0.999 * 0.00025 + 0.001 * 0.04 = 0.00028975 for the first
        // component; corrected by 1 - 0.81 = 0.19 and 1 - 0.998001 = 0.001999.
        double w1 = 1 - 0.1 * 0.5 / 0.50000001;
        double expected = w1 - 0.1 * (0.065 / 0.19) / (Math.Sqrt(0.00028975 / 0.001999) + 1e-8);
        update.Step(w, new[] { g2 });
        Assertions.Close(expected, w[0][0], 1e-14);
    }

    [Fact]
    public void A_one_hidden_layer_network_learns_the_teacher_task()
    {
        var rows = Train(Settings(width: 64, steps: 3000, evaluateEvery: 1000));
        Assert.Equal(new[] { 0, 1000, 2000, 3000 }, rows.Select(r => r.Step));
        Assert.True(rows[0].TestAccuracy < 0.5, $"before training {rows[0].TestAccuracy}");
        Assert.True(rows[^1].TestAccuracy >= 0.9, $"after 3000 steps {rows[^1].TestAccuracy}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_losses_bit_for_bit_and_another_seed_does_not()
    {
        var s = Settings(depth: 3, steps: 60, evaluateEvery: 20);
        var a = Train(s).Select(r => (r.TrainLoss, r.TestLoss)).ToList();
        var b = Train(s).Select(r => (r.TrainLoss, r.TestLoss)).ToList();
        Assert.Equal(a, b);
        var c = Train(s with { Seed = 2 }).Select(r => (r.TrainLoss, r.TestLoss)).ToList();
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void A_loss_that_stops_being_a_number_ends_the_run_with_its_step_and_the_rows_before_it_stand()
    {
        var rows = new List<TrainingEvaluation>();
        var s = Settings(activation: Activation.ReLU, init: WeightInit.Gaussian, depth: 6, sw: 1.5, steps: 200, lr: 1e12, optimizer: Optimizer.Sgd, evaluateEvery: 1);
        var ex = Assert.Throws<TrainingDivergedException>(() => { foreach (var r in Trainer.Run(s, Teacher, DenseBackend.Default, null, null, null, () => false)) rows.Add(r); });
        Assert.True(ex.Step > 0 && ex.Step <= 200);
        Assert.Equal(ex.Step, rows.Count);
        Assert.All(rows, r => Assert.True(double.IsFinite(r.TrainLoss)));
        Assert.Contains($"step {ex.Step}", ex.Message);
    }

    [Fact]
    public void Float32_follows_float64_on_the_same_seed()
    {
        var s = Settings(depth: 3, steps: 200, evaluateEvery: 50);
        var d = Train(s);
        var f = Train(s with { Precision = Precision.Single });
        // Same draws, rounded to float: the initial loss agrees to float precision, the run stays close.
        Assertions.Close(d[0].TrainLoss, f[0].TrainLoss, 1e-5, what: "loss at initialization");
        for (int i = 0; i < d.Count; i++) Assertions.Close(d[i].TrainLoss, f[i].TrainLoss, 1e-2, what: $"train loss at step {d[i].Step}");
        Assert.InRange(f[^1].TestAccuracy - d[^1].TestAccuracy, -0.02, 0.02);
    }

    [Fact]
    public void A_deep_critical_orthogonal_tanh_network_lowers_its_loss_in_a_short_run()
    {
        double sw = CriticalLineSolver.Solve(Activation.Tanh, 0.05).WeightStd;
        var rows = Train(Settings(depth: 24, width: 64, sw: sw, sb: 0.05, steps: 200, lr: 0.001, evaluateEvery: 100) with { InputVariance = 0.15 });
        Assert.True(rows[^1].TrainLoss < 0.7 * rows[0].TrainLoss, $"{rows[0].TrainLoss} -> {rows[^1].TrainLoss}");
        // At criticality the gradient neither vanishes nor explodes through the depth at step 0.
        var norms = rows[0].GradientNorms;
        Assert.Equal(25, norms.Count);
        Assert.InRange(norms[0] / norms[23], 0.2, 5.0);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Single_precision_products_agree_between_the_backends_and_with_double(bool transposeA, bool transposeB)
    {
        // C (7 x 5) = op(A) op(B) with k = 9: OpenBLAS's sgemm (when it loads) and the managed loop, against float64.
        int m = 7, n = 5, k = 9;
        var random = new Random(4);
        var a = Enumerable.Range(0, m * k).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, k * n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        int lda = transposeA ? k : m, ldb = transposeB ? n : k;
        double Exact(int i, int j)
        {
            double sum = 0;
            for (int p = 0; p < k; p++)
                sum += (double)(transposeA ? a[p + i * lda] : a[i + p * lda]) * (transposeB ? b[j + p * ldb] : b[p + j * ldb]);
            return sum;
        }
        foreach (var backend in new DenseBackend[] { DenseBackend.Default, ManagedBackend.Instance })
        {
            var c = Enumerable.Repeat(1f, m * n).ToArray();
            backend.Gemm(transposeA, transposeB, m, n, k, 2f, a, lda, b, ldb, 0.5f, c, m);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Assertions.Close(2 * Exact(i, j) + 0.5, c[i + j * m], 0, 1e-5, $"{backend.Name} C[{i},{j}]");
        }
    }
}
