using System;
using System.Linq;

namespace Isometry.LinearAlgebra;

/// <summary>
/// Plain C# for every machine (Windows and macOS without OpenBLAS included): Householder QR with LAPACK's conventions,
/// so results match the native backend to rounding, and MathNet's managed SVD. Correct, single-threaded, and many
/// times slower than OpenBLAS; DenseBackend.Default takes it only when no OpenBLAS loads.
/// </summary>
public sealed class ManagedBackend : DenseBackend
{
    public static ManagedBackend Instance { get; } = new();

    private ManagedBackend() { }

    public override string Name => "Managed";

    public override void Gemm(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        double[] a, int lda, double[] b, int ldb, double beta, double[] c, int ldc)
    {
        CheckShape(m, n, ldc, c, nameof(c));
        Multiply(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// C = alpha op(A) op(B) + beta C by columns of C, accumulated in T: the managed product for both precisions
    /// (the base's single-precision Gemm uses it too).
    /// </summary>
    internal static void Multiply<T>(bool transposeA, bool transposeB, int m, int n, int k, T alpha,
        T[] a, int lda, T[] b, int ldb, T beta, T[] c, int ldc) where T : struct, System.Numerics.INumber<T>
    {
        var column = new T[m];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(column);
            for (int p = 0; p < k; p++)
            {
                T bpj = transposeB ? b[j + p * ldb] : b[p + j * ldb];
                if (bpj == T.Zero) continue;
                if (transposeA) for (int i = 0; i < m; i++) column[i] += a[p + i * lda] * bpj;
                else
                {
                    int offset = p * lda;
                    for (int i = 0; i < m; i++) column[i] += a[offset + i] * bpj;
                }
            }
            int cj = j * ldc;
            for (int i = 0; i < m; i++) c[cj + i] = alpha * column[i] + (beta == T.Zero ? T.Zero : beta * c[cj + i]);
        }
    }

    public override void QrFactor(int m, int n, double[] a, int lda, double[] tau)
    {
        CheckShape(m, n, lda, a, nameof(a));
        int r = Math.Min(m, n);
        for (int j = 0; j < r; j++)
        {
            // H_j maps column j from the diagonal down onto beta e_1; then it is applied to the columns to the right.
            int cj = j * lda;
            tau[j] = Householder.Reflect(a, cj + j, m - j);
            if (tau[j] == 0.0) continue;
            for (int col = j + 1; col < n; col++) Reflect(a, j, m, cj, tau[j], a, col * lda);
        }
    }

    public override void QrMultiply(bool transpose, int m, int n, int k, double[] a, int lda, double[] tau, double[] c, int ldc)
    {
        CheckShape(m, n, ldc, c, nameof(c));
        // Q = H_0 H_1 ... H_(k-1): Q^T C applies H_0 first, Q C applies H_(k-1) first.
        for (int step = 0; step < k; step++)
        {
            int j = transpose ? step : k - 1 - step;
            if (tau[j] == 0.0) continue;
            for (int col = 0; col < n; col++) Reflect(a, j, m, j * lda, tau[j], c, col * ldc);
        }
    }

    public override void QrFormQ(int m, int n, int k, double[] a, int lda, double[] tau)
    {
        CheckShape(m, n, lda, a, nameof(a));
        var reflectors = (double[])a.Clone();
        for (int col = 0; col < n; col++)
        {
            Array.Clear(a, col * lda, m);
            a[col * lda + col] = 1.0;
        }
        QrMultiply(false, m, n, k, reflectors, lda, tau, a, lda);
    }

    public override double[] SymmetricEigenvalues(int n, double[] a, int lda)
    {
        CheckShape(n, n, lda, a, nameof(a));
        // The lower triangle, mirrored: the same contract as dsyevd with uplo 'L'.
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => i >= j ? a[i + j * lda] : a[j + i * lda]);
        var values = matrix.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(v => v.Real).ToArray();
        Array.Sort(values);
        return values;
    }

    public override double[] SingularValues(int m, int n, double[] a, int lda)
    {
        CheckShape(m, n, lda, a, nameof(a));
        var matrix = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, n, (i, j) => a[i + j * lda]);
        var s = matrix.Svd(computeVectors: false).S.ToArray();
        Array.Sort(s, (x, y) => y.CompareTo(x));
        return s;
    }

    /// <summary>Applies H_j = I - tau v v^T (v_j = 1, v_i = reflectors[vOffset + i] below) to rows j..m-1 of a column.</summary>
    private static void Reflect(double[] reflectors, int j, int m, int vOffset, double tau, double[] target, int offset)
    {
        double w = target[offset + j];
        for (int i = j + 1; i < m; i++) w += reflectors[vOffset + i] * target[offset + i];
        w *= tau;
        target[offset + j] -= w;
        for (int i = j + 1; i < m; i++) target[offset + i] -= w * reflectors[vOffset + i];
    }
}
