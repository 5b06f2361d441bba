using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Isometry.LinearAlgebra;

/// <summary>
/// The machine's OpenBLAS through its Fortran BLAS/LAPACK symbols (dgemm_, dgeqrf_, dormqr_, dorgqr_, dgesdd_, dsyevd_): every
/// argument by reference, and a hidden length argument after the others for each character argument. OpenBLAS runs
/// its own threads (the pthread build uses every core); the module adds no parallelism on top of it.
/// </summary>
public sealed unsafe partial class OpenBlasBackend : DenseBackend
{
    private const string Library = "isometry-openblas";

    /// <summary>Where Debian and other distributions put the library; the first that loads wins.</summary>
    private static readonly string[] Candidates =
    {
        "libopenblas.so.0",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib/aarch64-linux-gnu/openblas-pthread/libopenblas.so.0",
        "/usr/lib64/libopenblas.so.0",
        "/opt/homebrew/opt/openblas/lib/libopenblas.dylib",
        "/usr/local/opt/openblas/lib/libopenblas.dylib",
        "libopenblas.dll",
    };

    private static IntPtr _handle;

    private OpenBlasBackend(string version, string kernels, int threads)
    {
        Name = kernels.Length > 0 ? $"OpenBLAS {version} {kernels} ({threads} threads)" : $"OpenBLAS {version} ({threads} threads)";
        Kernels = kernels;
        Threads = threads;
    }

    public override string Name { get; }

    /// <summary>The kernels OpenBLAS chose for this CPU (its core name: Haswell, SkylakeX, Zen...), or empty.</summary>
    public string Kernels { get; }

    /// <summary>The threads OpenBLAS uses.</summary>
    public int Threads { get; }

    private static readonly Lazy<OpenBlasBackend?> Loaded = new(Load);

    /// <summary>The backend, or null when no OpenBLAS loads here (then the managed fallback is used). Loaded once.</summary>
    public static OpenBlasBackend? TryLoad() => Loaded.Value;

    private static OpenBlasBackend? Load()
    {
        try
        {
            foreach (string candidate in Candidates)
                if (NativeLibrary.TryLoad(candidate, out _handle)) break;
            if (_handle == IntPtr.Zero) return null;
            NativeLibrary.SetDllImportResolver(typeof(OpenBlasBackend).Assembly,
                (name, _, _) => name == Library ? _handle : IntPtr.Zero);
            string version = NativeLibrary.TryGetExport(_handle, "openblas_get_config", out _) ? Marshal.PtrToStringAnsi(openblas_get_config()) ?? "" : "";
            // "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64": keep the version.
            string[] words = version.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int threads = NativeLibrary.TryGetExport(_handle, "openblas_get_num_threads", out _) ? openblas_get_num_threads() : 1;
            string kernels = NativeLibrary.TryGetExport(_handle, "openblas_get_corename", out _) ? Marshal.PtrToStringAnsi(openblas_get_corename()) ?? "" : "";
            return new OpenBlasBackend(words.Length > 1 ? words[1] : "?", kernels, threads);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or IOException)
        {
            return null;
        }
    }

    [LibraryImport(Library)] private static partial IntPtr openblas_get_corename();
    [LibraryImport(Library)] private static partial IntPtr openblas_get_config();
    [LibraryImport(Library)] private static partial int openblas_get_num_threads();

    [LibraryImport(Library, EntryPoint = "dgemm_")]
    private static partial void dgemm(byte* transa, byte* transb, int* m, int* n, int* k, double* alpha, double* a, int* lda,
        double* b, int* ldb, double* beta, double* c, int* ldc, nuint lenTransa, nuint lenTransb);

    [LibraryImport(Library, EntryPoint = "sgemm_")]
    private static partial void sgemm(byte* transa, byte* transb, int* m, int* n, int* k, float* alpha, float* a, int* lda,
        float* b, int* ldb, float* beta, float* c, int* ldc, nuint lenTransa, nuint lenTransb);

    [LibraryImport(Library, EntryPoint = "dgeqrf_")]
    private static partial void dgeqrf(int* m, int* n, double* a, int* lda, double* tau, double* work, int* lwork, int* info);

    [LibraryImport(Library, EntryPoint = "dormqr_")]
    private static partial void dormqr(byte* side, byte* trans, int* m, int* n, int* k, double* a, int* lda, double* tau,
        double* c, int* ldc, double* work, int* lwork, int* info, nuint lenSide, nuint lenTrans);

    [LibraryImport(Library, EntryPoint = "dorgqr_")]
    private static partial void dorgqr(int* m, int* n, int* k, double* a, int* lda, double* tau, double* work, int* lwork, int* info);

    [LibraryImport(Library, EntryPoint = "dgesvj_")]
    private static partial void dgesvj(byte* joba, byte* jobu, byte* jobv, int* m, int* n, double* a, int* lda, double* sva, int* mv,
        double* v, int* ldv, double* work, int* lwork, int* info, nuint lenJoba, nuint lenJobu, nuint lenJobv);

    [LibraryImport(Library, EntryPoint = "dsyevd_")]
    private static partial void dsyevd(byte* jobz, byte* uplo, int* n, double* a, int* lda, double* w, double* work, int* lwork,
        int* iwork, int* liwork, int* info, nuint lenJobz, nuint lenUplo);

    [LibraryImport(Library, EntryPoint = "dgesdd_")]
    private static partial void dgesdd(byte* jobz, int* m, int* n, double* a, int* lda, double* s, double* u, int* ldu,
        double* vt, int* ldvt, double* work, int* lwork, int* iwork, int* info, nuint lenJobz);

    public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc)
    {
        if (m == 0 || n == 0) return;
        CheckShape(transposeA ? k : m, transposeA ? m : k, lda, a, nameof(a));
        CheckShape(transposeB ? n : k, transposeB ? k : n, ldb, b, nameof(b));
        CheckShape(m, n, ldc, c, nameof(c));
        byte ta = (byte)(transposeA ? 'T' : 'N'), tb = (byte)(transposeB ? 'T' : 'N');
        fixed (double* pa = a, pb = b, pc = c)
            dgemm(&ta, &tb, &m, &n, &k, &alpha, pa, &lda, pb, &ldb, &beta, pc, &ldc, 1, 1);
    }

    public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        if (m == 0 || n == 0) return;
        CheckShape(transposeA ? k : m, transposeA ? m : k, lda, a, nameof(a));
        CheckShape(transposeB ? n : k, transposeB ? k : n, ldb, b, nameof(b));
        CheckShape(m, n, ldc, c, nameof(c));
        byte ta = transposeA ? (byte)'T' : (byte)'N', tb = transposeB ? (byte)'T' : (byte)'N';
        fixed (float* pa = a, pb = b, pc = c)
            sgemm(&ta, &tb, &m, &n, &k, &alpha, pa, &lda, pb, &ldb, &beta, pc, &ldc, 1, 1);
    }

    public override void QrFactor(int m, int n, double[] a, int lda, double[] tau)
    {
        CheckShape(m, n, lda, a, nameof(a));
        if (tau.Length < Math.Min(m, n)) throw new ArgumentException("tau is too short.", nameof(tau));
        int info, lwork = -1;
        double query;
        fixed (double* pa = a, pt = tau)
        {
            dgeqrf(&m, &n, pa, &lda, pt, &query, &lwork, &info);
            lwork = Math.Max(1, (int)query);
            var work = new double[lwork];
            fixed (double* pw = work) dgeqrf(&m, &n, pa, &lda, pt, pw, &lwork, &info);
        }
        Check(info, "dgeqrf");
    }

    public override void QrMultiply(bool transpose, int m, int n, int k, double[] a, int lda, double[] tau, double[] c, int ldc)
    {
        CheckShape(m, k, lda, a, nameof(a));
        CheckShape(m, n, ldc, c, nameof(c));
        byte side = (byte)'L', trans = (byte)(transpose ? 'T' : 'N');
        int info, lwork = -1;
        double query;
        fixed (double* pa = a, pt = tau, pc = c)
        {
            dormqr(&side, &trans, &m, &n, &k, pa, &lda, pt, pc, &ldc, &query, &lwork, &info, 1, 1);
            lwork = Math.Max(1, (int)query);
            var work = new double[lwork];
            fixed (double* pw = work) dormqr(&side, &trans, &m, &n, &k, pa, &lda, pt, pc, &ldc, pw, &lwork, &info, 1, 1);
        }
        Check(info, "dormqr");
    }

    public override void QrFormQ(int m, int n, int k, double[] a, int lda, double[] tau)
    {
        CheckShape(m, n, lda, a, nameof(a));
        int info, lwork = -1;
        double query;
        fixed (double* pa = a, pt = tau)
        {
            dorgqr(&m, &n, &k, pa, &lda, pt, &query, &lwork, &info);
            lwork = Math.Max(1, (int)query);
            var work = new double[lwork];
            fixed (double* pw = work) dorgqr(&m, &n, &k, pa, &lda, pt, pw, &lwork, &info);
        }
        Check(info, "dorgqr");
    }

    public override double[] SymmetricEigenvalues(int n, double[] a, int lda)
    {
        CheckShape(n, n, lda, a, nameof(a));
        var w = new double[n];
        byte jobz = (byte)'N', uplo = (byte)'L';
        int info, lwork = -1, liwork = -1, iquery;
        double query;
        fixed (double* pa = a, pw = w)
        {
            dsyevd(&jobz, &uplo, &n, pa, &lda, pw, &query, &lwork, &iquery, &liwork, &info, 1, 1);
            lwork = Math.Max(1, (int)query);
            liwork = Math.Max(1, iquery);
            var work = new double[lwork];
            var iwork = new int[liwork];
            fixed (double* pwork = work)
            fixed (int* piwork = iwork)
                dsyevd(&jobz, &uplo, &n, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info, 1, 1);
        }
        Check(info, "dsyevd");
        return w;
    }

    public override double[] SingularValues(int m, int n, double[] a, int lda)
    {
        CheckShape(m, n, lda, a, nameof(a));
        var s = new double[Math.Min(m, n)];
        var iwork = new int[8 * Math.Max(1, Math.Min(m, n))];
        byte jobz = (byte)'N';
        int info, lwork = -1, one = 1;
        double query, none = 0;
        fixed (double* pa = a, ps = s)
        fixed (int* pi = iwork)
        {
            dgesdd(&jobz, &m, &n, pa, &lda, ps, &none, &one, &none, &one, &query, &lwork, pi, &info, 1);
            lwork = Math.Max(1, (int)query);
            var work = new double[lwork];
            fixed (double* pw = work) dgesdd(&jobz, &m, &n, pa, &lda, ps, &none, &one, &none, &one, pw, &lwork, pi, &info, 1);
        }
        Check(info, "dgesdd");
        return s;
    }

    public override double[]? JacobiSingularValues(int m, int n, double[] a, int lda)
    {
        CheckShape(m, n, lda, a, nameof(a));
        if (m < n) throw new ArgumentException("dgesvj needs at least as many rows as columns.", nameof(a));
        if (!NativeLibrary.TryGetExport(_handle, "dgesvj_", out _)) return null;
        var sva = new double[n];
        int lwork = Math.Max(6, m + n), info, mv = 0, ldv = 1;
        var work = new double[lwork];
        byte joba = (byte)'G', jobu = (byte)'N', jobv = (byte)'N';
        double none = 0;
        fixed (double* pa = a, ps = sva, pw = work)
            dgesvj(&joba, &jobu, &jobv, &m, &n, pa, &lda, ps, &mv, &none, &ldv, pw, &lwork, &info, 1, 1, 1);
        if (info < 0) throw new InvalidOperationException($"dgesvj: argument {-info} was invalid.");
        if (info > 0) throw new NotConvergedException("SingularValuesNotConverged", $"dgesvj did not converge in 30 sweeps ({info} left).");
        // The values are work[0] * sva, the scale kept apart so that none over- or underflows.
        for (int i = 0; i < n; i++) sva[i] *= work[0];
        Array.Sort(sva, (x, y) => y.CompareTo(x));
        return sva;
    }

    private static void Check(int info, string routine)
    {
        if (info < 0) throw new InvalidOperationException($"{routine}: argument {-info} was invalid.");
        if (info > 0) throw new NotConvergedException("SingularValuesNotConverged", $"{routine} did not converge (info {info}).");
    }
}
