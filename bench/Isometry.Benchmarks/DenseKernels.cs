using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Isometry.LinearAlgebra;

namespace Isometry.Benchmarks;

/// <summary>
/// `dense [N]`: the dense kernels the sampled spectra stand on (GEMM, QR, singular values) at N x N, through the module's
/// backend and through numpy (python3-numpy, the same machine and environment) in one run, with the ratio. Best of
/// five after a warm-up; OPENBLAS_* variables are printed, since OpenBLAS reads them when it loads.
/// </summary>
public static class DenseKernels
{
    public static void Run(int n)
    {
        // numpy first, before this process loads OpenBLAS: its idle threads spin for a while after each call and would
        // take a core from the peer.
        var numpy = Numpy(n);
        var backend = DenseBackend.Default;
        Console.WriteLine($"Backend: {backend.Name}; OPENBLAS_CORETYPE={Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? "(unset)"}, " +
                          $"OPENBLAS_NUM_THREADS={Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") ?? "(unset)"}");
        int ld = DenseBackend.PaddedLeadingDimension(n);
        var rng = new Random(1);
        var a = new double[ld * n];
        var b = new double[ld * n];
        for (int i = 0; i < a.Length; i++) { a[i] = rng.NextDouble(); b[i] = rng.NextDouble(); }
        var c = new double[ld * n];
        var tau = new double[n];
        double gemm = Best(() => backend.Gemm(false, false, n, n, n, 1.0, a, ld, b, ld, 0.0, c, ld));
        double qr = Best(() => { var f = (double[])a.Clone(); backend.QrFactor(n, n, f, ld, tau); });
        double svd = Best(() => backend.SingularValues(n, n, (double[])a.Clone(), ld), repeats: 3);
        Console.WriteLine($"N = {n}            module      numpy     ratio (module / numpy)");
        Row("GEMM", gemm, numpy?.Gemm, 2.0 * n * n * n);
        Row("QR (dgeqrf)", qr, numpy?.Qr, 4.0 / 3.0 * n * n * n);
        Row("singular values", svd, numpy?.Svd, 0);
    }

    private static void Row(string what, double ms, double? numpyMs, double flops)
    {
        string rate = flops > 0 ? string.Format(CultureInfo.InvariantCulture, " ({0:F0} GFLOP/s)", flops / ms / 1e6) : "";
        string peer = numpyMs is double p ? string.Format(CultureInfo.InvariantCulture, "{0,8:F1} ms {1,8:F2}", p, ms / p) : "   (numpy not found)";
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-16} {1,8:F1} ms {2}{3}", what, ms, peer, rate));
    }

    private static double Best(Action action, int repeats = 5)
    {
        action();
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    private sealed record NumpyTimes(double Gemm, double Qr, double Svd);

    private static NumpyTimes? Numpy(int n)
    {
        const string script = """
import sys, time, numpy as np
n = int(sys.argv[1]); rng = np.random.default_rng(1)
a = np.asfortranarray(rng.random((n, n))); b = np.asfortranarray(rng.random((n, n)))
def best(f, repeats=5):
    f(); t = 1e9
    for _ in range(repeats):
        s = time.perf_counter(); f(); t = min(t, time.perf_counter() - s)
    return t * 1e3
print(best(lambda: a @ b), best(lambda: np.linalg.qr(a, mode='raw')), best(lambda: np.linalg.svd(a, compute_uv=False), 3))
""";
        var t = PythonPeer.Run(script, n);
        return t is { Length: 3 } ? new NumpyTimes(t[0], t[1], t[2]) : null;
    }
}
