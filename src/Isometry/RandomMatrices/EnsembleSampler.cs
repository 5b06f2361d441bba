using System;
using System.Linq;
using Isometry.LinearAlgebra;
using Isometry.Sampling;

namespace Isometry.RandomMatrices;

/// <summary>
/// Eigenvalues of matrices drawn from an ensemble on the dense backend, seeded: matrix i of a seed is the same draw
/// whatever else is drawn (its randomness comes from (seed, i) only).
/// </summary>
public static class EnsembleSampler
{
    /// <summary>Stream purpose for ensemble draws (apart from the networks' weights, biases and inputs).</summary>
    public const int Purpose = 11;

    /// <summary>The eigenvalues of matrix <paramref name="index"/> of <paramref name="seed"/>, ascending.</summary>
    public static double[] Eigenvalues(Ensemble ensemble, int size, double ratio, long seed, int index, DenseBackend? backend = null)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "The size must be at least 1.");
        backend ??= DenseBackend.Default;
        var stream = new RandomStream(seed, index, 0, Purpose);
        return ensemble == Ensemble.Wigner ? Wigner(size, stream, backend) : Wishart(size, ratio, stream, backend);
    }

    /// <summary>
    /// The eigenvalues of A + B, A drawn from <paramref name="first"/> and B from <paramref name="second"/>, independently
    /// (draw 2k and 2k + 1 of the seed): asymptotically free, so their spectrum tends to the free convolution of the laws.
    /// </summary>
    public static double[] SumEigenvalues(Ensemble first, double firstRatio, Ensemble second, double secondRatio, int size, long seed, int index,
        DenseBackend? backend = null)
    {
        backend ??= DenseBackend.Default;
        int ld = DenseBackend.PaddedLeadingDimension(size);
        var a = Matrix(first, size, firstRatio, new RandomStream(seed, 2 * index, 0, Purpose), backend);
        var b = Matrix(second, size, secondRatio, new RandomStream(seed, 2 * index + 1, 0, Purpose), backend);
        for (int i = 0; i < a.Length; i++) a[i] += b[i];
        var values = backend.SymmetricEigenvalues(size, a, ld);
        // A rank-deficient sum (two Wishart matrices with M < N/2 columns each) has exact zeros that rounding scatters
        // around 0 by about N eps |lambda|_max: those are the atom, and are returned as 0.
        double floor = 16.0 * size * 2.2e-16 * Math.Max(Math.Abs(values[0]), Math.Abs(values[^1]));
        for (int i = 0; i < values.Length; i++) if (Math.Abs(values[i]) <= floor) values[i] = 0.0;
        return values;
    }

    /// <summary>
    /// The eigenvalues of A B for independent Wishart matrices A = X X^T / M and B = Y Y^T / M' (draws 2k and 2k + 1): the
    /// squared singular values of Y^T X / sqrt(M M'), and zeros up to N. The spectrum tends to the free product of the laws.
    /// </summary>
    public static double[] ProductEigenvalues(double firstRatio, double secondRatio, int size, long seed, int index, DenseBackend? backend = null)
    {
        backend ??= DenseBackend.Default;
        int ld = DenseBackend.PaddedLeadingDimension(size);
        int m1 = ColumnsFor(size, firstRatio), m2 = ColumnsFor(size, secondRatio);
        var x = Gaussian(size, m1, ld, new RandomStream(seed, 2 * index, 0, Purpose));
        var y = Gaussian(size, m2, ld, new RandomStream(seed, 2 * index + 1, 0, Purpose));
        var yx = new double[m2 * m1];
        backend.Gemm(true, false, m2, m1, size, 1.0 / Math.Sqrt((double)m1 * m2), y, ld, x, ld, 0.0, yx, m2);
        var s = backend.SingularValues(m2, m1, yx, m2);
        var values = new double[size];
        for (int i = 0; i < Math.Min(s.Length, size); i++) values[i] = s[i] * s[i];
        Array.Sort(values);
        return values;
    }

    /// <summary>An n x m matrix of standard Gaussians, column by column (the order every Wishart draw uses).</summary>
    private static double[] Gaussian(int n, int m, int ld, RandomStream stream)
    {
        var x = new double[ld * m];
        for (int j = 0; j < m; j++)
        for (int i = 0; i < n; i++) x[i + j * ld] = stream.NextGaussian();
        return x;
    }

    /// <summary>The matrix itself (lower triangle filled at least), leading dimension PaddedLeadingDimension(n).</summary>
    private static double[] Matrix(Ensemble ensemble, int n, double ratio, RandomStream stream, DenseBackend backend)
    {
        int ld = DenseBackend.PaddedLeadingDimension(n);
        if (ensemble == Ensemble.Wigner) return WignerMatrix(n, stream);
        int m = ColumnsFor(n, ratio);
        var x = Gaussian(n, m, ld, stream);
        var w = new double[ld * n];
        backend.Gemm(false, true, n, n, m, 1.0 / m, x, ld, x, ld, 0.0, w, ld);
        return w;
    }

    private static double[] WignerMatrix(int n, RandomStream stream)
    {
        int ld = DenseBackend.PaddedLeadingDimension(n);
        var h = new double[ld * n];
        double off = 1.0 / Math.Sqrt(n), diagonal = Math.Sqrt(2.0 / n);
        for (int j = 0; j < n; j++)
        {
            h[j + j * ld] = diagonal * stream.NextGaussian();
            for (int i = j + 1; i < n; i++)
            {
                h[i + j * ld] = off * stream.NextGaussian();
                h[j + i * ld] = h[i + j * ld];
            }
        }
        return h;
    }

    /// <summary>H = (A + A^T) / sqrt(2N): the lower triangle is drawn, H_ij ~ N(0, 1/N) off the diagonal, N(0, 2/N) on it.</summary>
    private static double[] Wigner(int n, RandomStream stream, DenseBackend backend) =>
        backend.SymmetricEigenvalues(n, WignerMatrix(n, stream), DenseBackend.PaddedLeadingDimension(n));

    /// <summary>X X^T / M with X of N x M standard Gaussians, M = round(N / c): the squared singular values of X / sqrt(M), and N - M zeros when M &lt; N.</summary>
    private static double[] Wishart(int n, double ratio, RandomStream stream, DenseBackend backend)
    {
        int m = ColumnsFor(n, ratio);
        int ld = DenseBackend.PaddedLeadingDimension(n);
        var s = backend.SingularValues(n, m, Gaussian(n, m, ld, stream), ld);
        var values = new double[n];
        for (int i = 0; i < s.Length; i++) values[i] = s[i] * s[i] / m;
        Array.Sort(values);
        return values;
    }

    /// <summary>M for N rows at ratio c = N/M (at least 1).</summary>
    public static int ColumnsFor(int n, double ratio) => Math.Max(1, (int)Math.Round(n / ratio));
}
