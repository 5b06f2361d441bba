using System;

namespace Isometry.LinearAlgebra;

/// <summary>
/// A long product P = T_L ... T_1 of N x N matrices kept as P = Q diag(e^s) U, with Q's columns orthonormal, U upper
/// trapezoidal with rows of largest entry 1, and the row scales s in logs, so that singular values spread over far
/// more than the double range (e^-820 in a Gaussian network of depth 100) all keep their digits. Each factor is
/// T = D M with D diagonal: the rows D zeroes are dropped before the QR, so exact zeros of the spectrum (units that
/// are off) are counted, not computed as noise. The singular values come from one-sided Jacobi on U^T diag(e^s) with
/// each column carried as a log scale times a vector (Demmel and Veselic: such row-graded products have their singular
/// values determined to high relative accuracy, and Jacobi finds them).
/// </summary>
public sealed class GradedProduct
{
    private readonly DenseBackend _backend;
    private readonly int _n, _ld;
    private double[] _q;      // N x r, leading dimension _ld
    private double[] _u;      // r x N, leading dimension _n (rows of the triangle), stored column-major
    private double[] _s;      // r log scales
    private int _r;

    public GradedProduct(int n, DenseBackend backend)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "The dimension must be at least 1.");
        _backend = backend;
        _n = n;
        _ld = DenseBackend.PaddedLeadingDimension(n);
        _q = new double[_ld * n];
        _u = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            _q[i + i * _ld] = 1.0;
            _u[i + i * n] = 1.0;
        }
        _s = new double[n];
        _r = n;
    }

    /// <summary>The rank so far: N less the directions that a zero of some D removed.</summary>
    public int Rank => _r;

    /// <summary>
    /// P = D M P. <paramref name="applyM"/> replaces the N x cols block it is given (leading dimension given) by M times
    /// it; <paramref name="d"/> is the diagonal of D (length N).
    /// </summary>
    public void Multiply(Action<double[], int, int> applyM, double[] d)
    {
        int n = _n, r = _r, ld = _ld;
        // A = M Q, then the rows of D A that survive.
        var a = (double[])_q.Clone();
        applyM(a, ld, r);
        int k = 0;
        var active = new int[n];
        for (int i = 0; i < n; i++) if (d[i] != 0.0) active[k++] = i;
        int lda = Math.Max(1, k);
        var compact = new double[lda * Math.Max(1, r)];
        for (int j = 0; j < r; j++)
            for (int t = 0; t < k; t++) compact[t + j * lda] = d[active[t]] * a[active[t] + j * ld];
        int rank = Math.Min(k, r);
        if (rank == 0)
        {
            _r = 0;
            return;
        }
        var tau = new double[rank];
        _backend.QrFactor(k, r, compact, lda, tau);
        // T = diag(e^-s) R diag(e^s) over the new rows i < rank and old columns j >= i: the grading keeps these
        // factors near or below 1 (a factor that would underflow is a contribution below the row's precision).
        var t2 = new double[rank * r];
        for (int j = 0; j < r; j++)
            for (int i = 0; i <= Math.Min(j, rank - 1); i++)
                t2[i + j * rank] = compact[i + j * lda] * Math.Exp(Math.Min(700.0, _s[j] - _s[i]));
        var v = new double[rank * n];
        _backend.Gemm(false, false, rank, n, r, 1.0, t2, rank, _u, _r, 0.0, v, rank);
        // Q' = the first rank columns of the Q of the compact QR, placed back on the active rows.
        _backend.QrFormQ(k, rank, rank, compact, lda, tau);
        var q = new double[ld * rank];
        for (int j = 0; j < rank; j++)
            for (int t = 0; t < k; t++) q[active[t] + j * ld] = compact[t + j * lda];
        // New scales: each row of V divided by its largest entry, the logarithm of which joins s.
        var s = new double[rank];
        for (int i = 0; i < rank; i++)
        {
            double largest = 0.0;
            for (int j = 0; j < n; j++) largest = Math.Max(largest, Math.Abs(v[i + j * rank]));
            if (largest == 0.0) largest = double.Epsilon;   // a row that vanished: its value is below any scale
            double inverse = 1.0 / largest;
            for (int j = 0; j < n; j++) v[i + j * rank] *= inverse;
            s[i] = _s[i] + Math.Log(largest);
        }
        _q = q;
        _u = v;
        _s = s;
        _r = rank;
    }

    /// <summary>
    /// log sigma_i for the Rank nonzero singular values, descending (the remaining N - Rank are exactly 0).
    /// </summary>
    public double[] LogSingularValues(Func<bool>? stop = null)
    {
        int n = _n, r = _r;
        // Columns of X = U^T diag(e^s): column j is e^(c_j) y_j, y_j = row j of U.
        var y = new double[r][];
        var c = new double[r];
        for (int j = 0; j < r; j++)
        {
            y[j] = new double[n];
            for (int t = 0; t < n; t++) y[j][t] = _u[j + t * r];
            c[j] = _s[j];
            Normalize(y[j], ref c[j]);
        }
        const double tolerance = 1e-15;
        for (int sweep = 0; sweep < 60; sweep++)
        {
            bool rotated = false;
            for (int i = 0; i < r - 1; i++)
            {
                if (stop?.Invoke() == true) throw new OperationCanceledException();
                for (int j = i + 1; j < r; j++)
                {
                    // Carry the larger column as "big": x_big = e^(c_big) yb, x_small = e^(c_small) ys, rho = e^(c_small - c_big).
                    int big = c[i] >= c[j] ? i : j, small = big == i ? j : i;
                    double[] yb = y[big], ys = y[small];
                    double p = 0.0, a2 = 0.0, b2 = 0.0;
                    for (int t = 0; t < n; t++)
                    {
                        p += yb[t] * ys[t];
                        a2 += yb[t] * yb[t];
                        b2 += ys[t] * ys[t];
                    }
                    if (Math.Abs(p) <= tolerance * Math.Sqrt(a2 * b2)) continue;
                    rotated = true;
                    double rho = Math.Exp(c[small] - c[big]);
                    // zeta = (rho^2 b2 - a2) / (2 rho p); with w = rho zeta, tau = t / rho stays finite as rho -> 0.
                    double w = (rho * rho * b2 - a2) / (2.0 * p);
                    double tau = Math.Sign(w == 0.0 ? 1.0 : w) / (Math.Abs(w) + Math.Sqrt(rho * rho + w * w));
                    double tan = rho * tau;
                    double cs = 1.0 / Math.Sqrt(1.0 + tan * tan);
                    double rho2tau = rho * rho * tau;
                    for (int t = 0; t < n; t++)
                    {
                        double bt = yb[t], st = ys[t];
                        yb[t] = cs * (bt - rho2tau * st);
                        ys[t] = cs * (tau * bt + st);
                    }
                    Normalize(yb, ref c[big]);
                    Normalize(ys, ref c[small]);
                }
            }
            if (!rotated) break;
        }
        var logSigma = new double[r];
        for (int j = 0; j < r; j++) logSigma[j] = c[j];
        Array.Sort(logSigma, (x1, x2) => x2.CompareTo(x1));
        return logSigma;
    }

    /// <summary>Makes y unit length and moves its norm into the log scale c.</summary>
    private static void Normalize(double[] y, ref double c)
    {
        double largest = 0.0;
        foreach (double v in y) largest = Math.Max(largest, Math.Abs(v));
        if (largest == 0.0)
        {
            c = double.NegativeInfinity;
            return;
        }
        double sum = 0.0;
        foreach (double v in y) sum += (v / largest) * (v / largest);
        double norm = largest * Math.Sqrt(sum);
        for (int t = 0; t < y.Length; t++) y[t] /= norm;
        c += Math.Log(norm);
    }
}
