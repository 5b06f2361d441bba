using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Isometry.LinearAlgebra;
using Isometry.Training;

namespace Isometry.Benchmarks;

/// <summary>
/// Time per training step (forward, backward, Adam) of a depth x width tanh network on batches of Fashion-MNIST-shaped
/// inputs (784 features, 10 classes), the module against PyTorch on the CPU (Debian's python3-torch) in one run, in the
/// same environment. PyTorch gets its best setting here: torch.set_num_threads(1) over OpenBLAS's own threads (two of
/// each oversubscribe two cores). Median of the timed steps after warm-up; the ratio module / PyTorch.
/// </summary>
public static class TrainingStep
{
    /// <summary>Rounds alternate module and peer, so that a change in the machine's load between them shows in every round's ratio.</summary>
    private const int Rounds = 3;

    public static void Run(int depth, int width, int batch, int steps)
    {
        Console.WriteLine($"Training step, depth {depth}, width {width}, batch {batch}, Adam; backend {DenseBackend.Default.Name}; " +
                          $"OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}, " +
                          $"OPENBLAS_NUM_THREADS={Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") ?? "(unset)"}");
        var data = Synthetic(batch * (steps + 10));
        foreach (var precision in new[] { Precision.Single, Precision.Double })
        {
            var ratios = new System.Collections.Generic.List<double>();
            for (int round = 1; round <= Rounds; round++)
            {
                double module = Module(depth, width, batch, steps, precision, data);
                double? torch = Torch(depth, width, batch, steps, precision);
                if (torch is double t) ratios.Add(module / t);
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-7} round {1}  module {2,7:F1} ms   PyTorch {3}   ratio {4}", precision,
                    round, module, torch is double p ? $"{p,7:F1} ms" : "(unavailable)", torch is double q ? (module / q).ToString("F2", CultureInfo.InvariantCulture) : "-"));
            }
            if (ratios.Count > 0)
            {
                ratios.Sort();
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-7} median ratio {1:F2} (range {2:F2} to {3:F2})", precision,
                    ratios[ratios.Count / 2], ratios[0], ratios[^1]));
            }
        }
    }

    private static Dataset Synthetic(int count)
    {
        var random = new Random(1);
        var x = new float[784 * count];
        for (int i = 0; i < x.Length; i++) x[i] = (float)random.NextDouble();
        var y = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
        return new Dataset("synthetic", 784, 10, x, y, x[..(784 * 100)], y[..100]);
    }

    private static double Module(int depth, int width, int batch, int steps, Precision precision, Dataset data)
    {
        var settings = new TrainingSettings(Activation.Tanh, WeightInit.Orthogonal, 1.05, 0.05, 0.1, depth, width, steps + 5, batch, 1e-4,
            Optimizer.Adam, 1, int.MaxValue, 100, precision);
        var times = new System.Collections.Generic.List<double>();
        var clock = Stopwatch.StartNew();
        double last = 0;
        foreach (var _ in Trainer.Run(settings, data, DenseBackend.Default, null, null, null, () => false, step =>
                 {
                     double now = clock.Elapsed.TotalMilliseconds;
                     if (step > 5) times.Add(now - last);
                     last = now;
                 })) { }
        times.Sort();
        return times[times.Count / 2];
    }

    private static double? Torch(int depth, int width, int batch, int steps, Precision precision)
    {
        const string script = """
import sys, time, torch
depth, width, batch, steps, dtype = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
torch.set_num_threads(1)
torch.manual_seed(1)
dt = torch.float32 if dtype == "Single" else torch.float64
layers = [torch.nn.Linear(784, width)]
for _ in range(depth - 1): layers += [torch.nn.Tanh(), torch.nn.Linear(width, width)]
layers += [torch.nn.Tanh(), torch.nn.Linear(width, 10)]
net = torch.nn.Sequential(*layers).to(dt)
opt = torch.optim.Adam(net.parameters(), lr=1e-4)
x = torch.rand(batch, 784, dtype=dt); y = torch.randint(0, 10, (batch,))
loss_fn = torch.nn.CrossEntropyLoss()
times = []
for i in range(steps + 5):
    t = time.perf_counter()
    opt.zero_grad(); loss = loss_fn(net(x), y); loss.backward(); opt.step()
    if i >= 5: times.append((time.perf_counter() - t) * 1e3)
times.sort()
print(times[len(times) // 2])
""";
        return PythonPeer.Run(script, depth, width, batch, steps, precision) is { Length: 1 } t ? t[0] : null;
    }
}
