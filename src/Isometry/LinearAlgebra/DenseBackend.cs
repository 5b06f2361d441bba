using System;

namespace Isometry.LinearAlgebra;

/// <summary>
/// The dense linear algebra the sampled spectra need, on column-major arrays with explicit leading dimensions (the
/// LAPACK layout, so a leading dimension can be padded past a power of two). Two implementations: the machine's
/// OpenBLAS through P/Invoke (<see cref="OpenBlasBackend"/>) and a managed fallback that works everywhere
/// (<see cref="ManagedBackend"/>). <see cref="Default"/> picks the native one when it loads.
/// </summary>
public abstract class DenseBackend
{
    /// <summary>A short name for output and -Verbose: OpenBLAS (with its version and threads) or Managed.</summary>
    public abstract string Name { get; }

    /// <summary>C = alpha op(A) op(B) + beta C, op(X) = X or X^T; op(A) is m x k, op(B) k x n, C m x n.</summary>
    public abstract void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc);

    /// <summary>
    /// C = alpha op(A) op(B) + beta C in single precision (training in float32). The base is a plain managed loop with a
    /// float accumulator per column; the native backend overrides it with sgemm.
    /// </summary>
    public virtual void Gemm(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        CheckShape(m, n, ldc, c, nameof(c));
        ManagedBackend.Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// QR factorization in place (LAPACK dgeqrf): on return R is on and above the diagonal of the m x n matrix A, the
    /// Householder vectors below it, and <paramref name="tau"/> (length min(m, n)) holds their scalars.
    /// </summary>
    public abstract void QrFactor(int m, int n, double[] a, int lda, double[] tau);

    /// <summary>
    /// C = Q C or Q^T C (LAPACK dormqr, side L) for the Q of <see cref="QrFactor"/> with k reflectors: Q is m x m,
    /// C is m x n. Applying Q this way costs less than forming it.
    /// </summary>
    public abstract void QrMultiply(bool transpose, int m, int n, int k, double[] a, int lda, double[] tau, double[] c, int ldc);

    /// <summary>The first n columns of Q (LAPACK dorgqr), overwriting the reflectors in A (m x n, m &gt;= n).</summary>
    public abstract void QrFormQ(int m, int n, int k, double[] a, int lda, double[] tau);

    /// <summary>The singular values of the m x n matrix A, descending (LAPACK dgesdd without vectors); A is destroyed.</summary>
    public abstract double[] SingularValues(int m, int n, double[] a, int lda);

    /// <summary>
    /// The eigenvalues of the symmetric n x n matrix A (its lower triangle is read), ascending (LAPACK dsyevd without
    /// vectors); A is destroyed.
    /// </summary>
    public abstract double[] SymmetricEigenvalues(int n, double[] a, int lda);

    /// <summary>
    /// The singular values of the m x n matrix A (m &gt;= n) by one-sided Jacobi (LAPACK dgesvj), to high relative
    /// accuracy when A = B D with B well conditioned and D diagonal, however graded D is; descending; A is destroyed.
    /// Null where the backend has no such routine (the caller then uses its own).
    /// </summary>
    public virtual double[]? JacobiSingularValues(int m, int n, double[] a, int lda) => null;

    private static readonly Lazy<DenseBackend> NativeOrManaged = new(() =>
        Environment.GetEnvironmentVariable("ISOMETRY_BACKEND") is string forced && forced.Equals("Managed", StringComparison.OrdinalIgnoreCase)
            ? ManagedBackend.Instance
            : (DenseBackend?)OpenBlasBackend.TryLoad() ?? ManagedBackend.Instance);

    /// <summary>
    /// OpenBLAS when the machine has it (Debian: libopenblas0-pthread), else the managed fallback; the environment
    /// variable ISOMETRY_BACKEND=Managed forces the fallback.
    /// </summary>
    public static DenseBackend Default => NativeOrManaged.Value;

    /// <summary>A leading dimension for n rows that avoids a power of two (cache aliasing in QR and SVD).</summary>
    public static int PaddedLeadingDimension(int n) => n >= 64 && (n & (n - 1)) == 0 ? n + 8 : n;

    protected static void CheckShape(int rows, int cols, int ld, double[] data, string name) => CheckShape(rows, cols, ld, data.Length, name);

    protected static void CheckShape(int rows, int cols, int ld, float[] data, string name) => CheckShape(rows, cols, ld, data.Length, name);

    private static void CheckShape(int rows, int cols, int ld, int length, string name)
    {
        if (rows < 0 || cols < 0) throw new ArgumentOutOfRangeException(name, "Negative dimension.");
        if (ld < Math.Max(1, rows)) throw new ArgumentOutOfRangeException(name, $"Leading dimension {ld} below the {rows} rows.");
        if (cols > 0 && length < (long)ld * (cols - 1) + rows) throw new ArgumentException($"{name} is too short for {rows} x {cols} with leading dimension {ld}.", name);
    }
}
