using System;

namespace Isometry.Numerics;

/// <summary>
/// Truncated power series a_0 + a_1 x + ... + a_(n-1) x^(n-1) as coefficient arrays: the arithmetic that turns
/// S-transforms into exact moments by Lagrange inversion.
/// </summary>
public static class PowerSeries
{
    public static double[] Multiply(double[] a, double[] b, int n)
    {
        var c = new double[n];
        for (int i = 0; i < Math.Min(n, a.Length); i++)
        {
            if (a[i] == 0.0) continue;
            for (int j = 0; j < Math.Min(n - i, b.Length); j++) c[i + j] += a[i] * b[j];
        }
        return c;
    }

    /// <summary>1 / a, for a_0 != 0.</summary>
    public static double[] Reciprocal(double[] a, int n)
    {
        if (a[0] == 0.0) throw new ArgumentException("The constant term must be non-zero.", nameof(a));
        var r = new double[n];
        r[0] = 1.0 / a[0];
        for (int k = 1; k < n; k++)
        {
            double s = 0.0;
            for (int j = 1; j <= Math.Min(k, a.Length - 1); j++) s += a[j] * r[k - j];
            r[k] = -s / a[0];
        }
        return r;
    }

    /// <summary>log a, for a_0 = 1 (so the result has no constant term).</summary>
    public static double[] Log(double[] a, int n)
    {
        if (Math.Abs(a[0] - 1.0) > 1e-12) throw new ArgumentException("The constant term must be 1.", nameof(a));
        // (log a)' = a' / a, so k c_k = k a_k - sum_{j=1}^{k-1} j c_j a_(k-j).
        var c = new double[n];
        for (int k = 1; k < n; k++)
        {
            double s = k * At(a, k);
            for (int j = 1; j < k; j++) s -= j * c[j] * At(a, k - j);
            c[k] = s / k;
        }
        return c;
    }

    /// <summary>exp a, for a_0 = 0.</summary>
    public static double[] Exp(double[] a, int n)
    {
        // e' = a' e, so k e_k = sum_{j=1}^{k} j a_j e_(k-j).
        var e = new double[n];
        e[0] = Math.Exp(At(a, 0));
        for (int k = 1; k < n; k++)
        {
            double s = 0.0;
            for (int j = 1; j <= k; j++) s += j * At(a, j) * e[k - j];
            e[k] = s / k;
        }
        return e;
    }

    /// <summary>The series of log(1 + x).</summary>
    public static double[] Log1p(int n)
    {
        var c = new double[n];
        for (int k = 1; k < n; k++) c[k] = (k % 2 == 1 ? 1.0 : -1.0) / k;
        return c;
    }

    /// <summary>
    /// The compositional inverse w(m) of m(w) = a_1 w + a_2 w^2 + ... (a_0 = 0, a_1 != 0), to order n - 1.
    /// </summary>
    public static double[] Revert(double[] a, int n)
    {
        if (At(a, 0) != 0.0 || At(a, 1) == 0.0) throw new ArgumentException("Need a_0 = 0 and a_1 != 0.", nameof(a));
        // Newton's iteration on w: w <- w - (m(w) - x) / m'(w), doubling the correct order each pass.
        var w = new double[n];
        if (n > 1) w[1] = 1.0 / a[1];
        for (int order = 2; order < 2 * n; order *= 2)
        {
            var mw = Compose(a, w, n);
            mw[1] -= 1.0;                         // m(w(x)) - x
            var dm = Derivative(a);
            var dmw = Compose(dm, w, n);          // m'(w(x))
            var step = Multiply(mw, Reciprocal(dmw, n), n);
            for (int k = 0; k < n; k++) w[k] -= step[k];
        }
        return w;
    }

    /// <summary>a(b(x)) for b_0 = 0, by Horner's rule.</summary>
    public static double[] Compose(double[] a, double[] b, int n)
    {
        var r = new double[n];
        for (int k = Math.Min(a.Length, n) - 1; k >= 0; k--)
        {
            r = Multiply(r, b, n);
            r[0] += a[k];
        }
        return r;
    }

    public static double[] Derivative(double[] a)
    {
        var d = new double[Math.Max(1, a.Length - 1)];
        for (int k = 1; k < a.Length; k++) d[k - 1] = k * a[k];
        return d;
    }

    private static double At(double[] a, int k) => k < a.Length ? a[k] : 0.0;
}
