using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Isometry.FreeProbability;
using Isometry.LinearAlgebra;
using Isometry.MeanField;
using Isometry.Sampling;

namespace Isometry.Benchmarks;

/// <summary>
/// `sampled [N] [L]`: the sampled-spectrum workload of the issue (Haar weights, critical tanh at BiasStd 0.05, forward
/// pass, J, its squared singular values) in this module and in numpy in one run, with the ratio. numpy forms each Haar
/// factor and multiplies J out plainly, then calls svd: it is the peer for speed, not for accuracy (its smallest
/// values at depth are rounding noise). Each side runs once after numpy has gone first (see DenseKernels).
/// </summary>
public static class SampledSpectrum
{
    public static void Run(int n, int depth, bool withPeer = true)
    {
        var point = CriticalLineSolver.Solve(Activation.Tanh, 0.05);
        double q = point.QStar!.Value;
        double? numpy = withPeer ? Numpy(n, depth, point.WeightStd, 0.05, q) : null;
        var backend = DenseBackend.Default;
        var clock = Stopwatch.StartNew();
        var sample = JacobianSampler.Run(Activation.Tanh, WeightInit.Orthogonal, point.WeightStd, 0.05, depth, n, seed: 1, network: 0,
            backend: backend);
        double module = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine($"Backend: {backend.Name}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}");
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture,
            "N = {0}, L = {1}, Haar, critical tanh (WeightStd {2:G6}, BiasStd 0.05): module {3:F0} ms; numpy {4}; ratio {5}",
            n, depth, point.WeightStd, module,
            numpy is double p ? p.ToString("F0", CultureInfo.InvariantCulture) + " ms" : withPeer ? "not found" : "skipped",
            numpy is double r ? (module / r).ToString("F2", CultureInfo.InvariantCulture) : "-"));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "smallest squared singular value: module e^{0:F1}; peak working set {1:F0} MiB",
            sample.LogEigenvalues[^1], Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0));
    }

    private static double? Numpy(int n, int depth, double sw, double sb, double q)
    {
        const string script = """
import sys, time, numpy as np
n, L, sw, sb, q = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
rng = np.random.default_rng(1)
start = time.perf_counter()
x = np.tanh(np.sqrt(q) * rng.standard_normal(n)); J = np.eye(n)
for _ in range(L):
    Q, R = np.linalg.qr(rng.standard_normal((n, n)))
    W = sw * (Q * np.sign(np.diag(R)))
    h = W @ x + sb * rng.standard_normal(n)
    d = 1.0 / np.cosh(h) ** 2
    x = np.tanh(h)
    J = d[:, None] * (W @ J)
s = np.linalg.svd(J, compute_uv=False)
print((time.perf_counter() - start) * 1e3)
""";
        return PythonPeer.Run(script, n, depth, sw, sb, q) is { Length: 1 } t ? t[0] : null;
    }
}
