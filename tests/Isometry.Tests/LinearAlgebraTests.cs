using System;
using System.Collections.Generic;
using System.Linq;
using Isometry.LinearAlgebra;
using Xunit;
using static Isometry.Tests.Assertions;

namespace Isometry.Tests;

/// <summary>
/// Both dense backends against definitions (a naive product, Q^T Q = I, Q R = A, known singular values) and against
/// each other. The native one is OpenBLAS from the machine; under CI, where .ci/run installs it, it must load.
/// </summary>
public class LinearAlgebraTests
{
    public static IEnumerable<object[]> Backends()
    {
        yield return new object[] { "Managed" };
        yield return new object[] { "OpenBLAS" };
    }

    private static DenseBackend Backend(string name)
    {
        if (name == "Managed") return ManagedBackend.Instance;
        // A user's machine without OpenBLAS: the managed path is what runs there.
        return (DenseBackend?)NativeBlas.LoadOrNullOffCI() ?? ManagedBackend.Instance;
    }

    private static double[] Random(int rows, int cols, int ld, int seed)
    {
        var rng = new System.Random(seed);
        var a = new double[ld * cols];
        for (int j = 0; j < cols; j++)
            for (int i = 0; i < rows; i++) a[i + j * ld] = rng.NextDouble() * 2 - 1;
        return a;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void GemmMatchesTheDefinitionWithTransposesAndPaddedRows(string name)
    {
        var backend = Backend(name);
        int m = 37, n = 23, k = 41;
        foreach (bool ta in new[] { false, true })
        foreach (bool tb in new[] { false, true })
        {
            int lda = (ta ? k : m) + 3, ldb = (tb ? n : k) + 5, ldc = m + 2;
            var a = Random(ta ? k : m, ta ? m : k, lda, 1);
            var b = Random(tb ? n : k, tb ? k : n, ldb, 2);
            var c = Random(m, n, ldc, 3);
            var expected = (double[])c.Clone();
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++) sum += (ta ? a[p + i * lda] : a[i + p * lda]) * (tb ? b[j + p * ldb] : b[p + j * ldb]);
                expected[i + j * ldc] = 0.5 * sum - 2.0 * c[i + j * ldc];
            }
            backend.Gemm(ta, tb, m, n, k, 0.5, a, lda, b, ldb, -2.0, c, ldc);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                Close(expected[i + j * ldc], c[i + j * ldc], 1e-12, 1e-13, $"{name} C[{i},{j}] ta={ta} tb={tb}");
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void QrReconstructsItsMatrixWithAnOrthogonalQ(string name)
    {
        var backend = Backend(name);
        int m = 60, n = 45, lda = 64;
        var a = Random(m, n, lda, 7);
        var f = (double[])a.Clone();
        var tau = new double[n];
        backend.QrFactor(m, n, f, lda, tau);
        var q = (double[])f.Clone();
        backend.QrFormQ(m, n, n, q, lda, tau);
        // Q^T Q = I.
        var qtq = new double[n * n];
        backend.Gemm(true, false, n, n, m, 1.0, q, lda, q, lda, 0.0, qtq, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) Close(i == j ? 1.0 : 0.0, qtq[i + j * n], 0, 1e-13, $"{name} (Q^T Q)[{i},{j}]");
        // Q R = A, with R the upper triangle of the factored matrix.
        var r = new double[n * n];
        for (int j = 0; j < n; j++) for (int i = 0; i <= j; i++) r[i + j * n] = f[i + j * lda];
        var qr = new double[lda * n];
        backend.Gemm(false, false, m, n, n, 1.0, q, lda, r, n, 0.0, qr, lda);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) Close(a[i + j * lda], qr[i + j * lda], 0, 1e-13, $"{name} (QR)[{i},{j}]");
        // Q^T A applied by reflectors is R (zero below the diagonal).
        var qta = (double[])a.Clone();
        backend.QrMultiply(true, m, n, n, f, lda, tau, qta, lda);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) Close(i <= j ? f[i + j * lda] : 0.0, qta[i + j * lda], 0, 1e-13, $"{name} (Q^T A)[{i},{j}]");
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void SingularValuesOfAnOrthogonalSandwichAreTheDiagonal(string name)
    {
        var backend = Backend(name);
        int n = 50;
        double[] Orthogonal(int seed)
        {
            var g = Random(n, n, n, seed);
            var tau = new double[n];
            backend.QrFactor(n, n, g, n, tau);
            backend.QrFormQ(n, n, n, g, n, tau);
            return g;
        }
        var u = Orthogonal(11);
        var v = Orthogonal(12);
        var s = Enumerable.Range(0, n).Select(i => Math.Pow(10.0, -6.0 * i / (n - 1))).ToArray();   // 1 down to 1e-6
        var us = new double[n * n];
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) us[i + j * n] = u[i + j * n] * s[j];
        var a = new double[n * n];
        backend.Gemm(false, true, n, n, n, 1.0, us, n, v, n, 0.0, a, n);
        var got = backend.SingularValues(n, n, a, n);
        for (int i = 0; i < n; i++) Close(s[i], got[i], 1e-9, 0, $"{name} sigma_{i}");
    }

    [Fact]
    public void TheBackendsAgreeOnAWellConditionedCase()
    {
        if (NativeBlas.LoadOrNullOffCI() is not { } native) return;
        int m = 80, n = 80;
        var a = Random(m, n, m, 5);
        for (int i = 0; i < n; i++) a[i + i * m] += 10.0;   // well conditioned
        var fn = (double[])a.Clone(); var tn = new double[n];
        var fm = (double[])a.Clone(); var tm = new double[n];
        native.QrFactor(m, n, fn, m, tn);
        ManagedBackend.Instance.QrFactor(m, n, fm, m, tm);
        for (int j = 0; j < n; j++)
        {
            Close(tm[j], tn[j], 1e-10, 1e-12, $"tau_{j}");
            for (int i = 0; i <= j; i++) Close(fm[i + j * m], fn[i + j * m], 1e-10, 1e-10, $"R[{i},{j}]");
        }
        var sn = native.SingularValues(m, n, (double[])a.Clone(), m);
        var sm = ManagedBackend.Instance.SingularValues(m, n, (double[])a.Clone(), m);
        for (int i = 0; i < n; i++) Close(sm[i], sn[i], 1e-10, 0, $"sigma_{i}");
        Assert.StartsWith("OpenBLAS ", native.Name);
    }

    [Fact]
    public void PowersOfTwoGetAPaddedLeadingDimension()
    {
        Assert.Equal(1032, DenseBackend.PaddedLeadingDimension(1024));
        Assert.Equal(1000, DenseBackend.PaddedLeadingDimension(1000));
        Assert.Equal(32, DenseBackend.PaddedLeadingDimension(32));
    }
}
