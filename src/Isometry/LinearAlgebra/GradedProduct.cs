using System;
using System.Linq;

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
    private double[] _u;      // r x N, leading dimension r (rows of the triangle), stored column-major
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
    public void Multiply(Action<double[], int, int> applyM, double[] d) => Multiply(applyM, d, double.PositiveInfinity);

    /// <summary>
    /// P = D M P, where <paramref name="condition"/> bounds the condition number of D M (known exactly for an orthogonal
    /// M: max d / min d). The re-orthogonalization (a QR) is what keeps small singular values; it can wait while the
    /// factors multiplied since the last one are conditioned below <see cref="DeferredCondition"/> together, since
    /// then their product loses at most that many ulps of relative accuracy. D with a zero always gets its QR: the
    /// rows it removes are the exact zeros of the spectrum.
    /// </summary>
    public void Multiply(Action<double[], int, int> applyM, double[] d, double condition)
    {
        bool hasZero = false;
        foreach (double x in d) if (x == 0.0) { hasZero = true; break; }
        if (!hasZero && _pendingCondition * condition < DeferredCondition && _r > 0)
        {
            applyM(_q, _ld, _r);
            for (int j = 0; j < _r; j++)
                for (int i = 0; i < _n; i++) _q[i + j * _ld] *= d[i];
            _pendingCondition *= condition;
            _deferred = true;
            return;
        }
        Stabilized(applyM, d);
    }

    /// <summary>How ill-conditioned the factors since the last QR may be together before the next one is due.</summary>
    public const double DeferredCondition = 1e5;

    private double _pendingCondition = 1.0;
    private bool _deferred;

    /// <summary>Brings a deferred product back to Q diag(e^s) U with orthonormal Q (a QR with M = I).</summary>
    private void Stabilize()
    {
        if (!_deferred || _r == 0) return;
        var ones = new double[_n];
        Array.Fill(ones, 1.0);
        Stabilized((_, _, _) => { }, ones);
    }

    /// <summary>P = D M P with the QR that re-orthogonalizes Q (and any product deferred before it).</summary>
    private void Stabilized(Action<double[], int, int> applyM, double[] d)
    {
        _pendingCondition = 1.0;
        _deferred = false;
        int n = _n, r = _r, ld = _ld;
        // A = M Q, then the rows of D A that survive. Buffers are kept from layer to layer: at N = 1000 each is 8 MB.
        var a = Buffer(ref _a, ld * n);
        Array.Copy(_q, a, ld * r);
        applyM(a, ld, r);
        int k = 0;
        var active = new int[n];
        for (int i = 0; i < n; i++) if (d[i] != 0.0) active[k++] = i;
        int lda = Math.Max(1, k);
        var compact = Buffer(ref _compact, lda * Math.Max(1, r));
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
        var t2 = Buffer(ref _t, rank * r);
        Array.Clear(t2, 0, rank * r);
        for (int j = 0; j < r; j++)
            for (int i = 0; i <= Math.Min(j, rank - 1); i++)
                t2[i + j * rank] = compact[i + j * lda] * Math.Exp(Math.Min(700.0, _s[j] - _s[i]));
        var v = Buffer(ref _v, rank * n);
        _backend.Gemm(false, false, rank, n, r, 1.0, t2, rank, _u, _r, 0.0, v, rank);
        // Q' = the first rank columns of the Q of the compact QR, placed back on the active rows.
        _backend.QrFormQ(k, rank, rank, compact, lda, tau);
        var q = Buffer(ref _qNext, ld * n);
        Array.Clear(q, 0, ld * rank);
        for (int j = 0; j < rank; j++)
            for (int t = 0; t < k; t++) q[active[t] + j * ld] = compact[t + j * lda];
        // New scales: each row of V divided by its largest entry, the logarithm of which joins s (column by column,
        // the order V is stored in).
        var largest = new double[rank];
        for (int j = 0; j < n; j++)
            for (int i = 0; i < rank; i++) largest[i] = Math.Max(largest[i], Math.Abs(v[i + j * rank]));
        var s = new double[rank];
        var inverse = new double[rank];
        for (int i = 0; i < rank; i++)
        {
            if (largest[i] == 0.0) largest[i] = double.Epsilon;   // a row that vanished: its value is below any scale
            inverse[i] = 1.0 / largest[i];
            s[i] = _s[i] + Math.Log(largest[i]);
        }
        for (int j = 0; j < n; j++)
            for (int i = 0; i < rank; i++) v[i + j * rank] *= inverse[i];
        (_q, _qNext) = (q, _q);
        (_u, _v) = (v, _u);
        _s = s;
        _r = rank;
    }

    private double[]? _a, _compact, _t, _v, _qNext;

    private static double[] Buffer(ref double[]? buffer, int length)
    {
        if (buffer == null || buffer.Length < length) buffer = new double[length];
        return buffer;
    }

    /// <summary>
    /// log sigma_i for the Rank nonzero singular values, descending (the remaining N - Rank are exactly 0).
    /// </summary>
    public double[] LogSingularValues(Func<bool>? stop = null)
    {
        Stabilize();
        int n = _n, r = _r;
        if (r == 0) return Array.Empty<double>();
        // Where the scales span less than JacobiRange, X = U^T diag(e^(s - max s)) fits the double range (nothing below
        // 1e-280) and LAPACK's one-sided Jacobi, accurate for such column-scaled matrices, is the faster route.
        double top = double.NegativeInfinity, bottom = double.PositiveInfinity;
        foreach (double v in _s) { top = Math.Max(top, v); bottom = Math.Min(bottom, v); }
        if (top - bottom < JacobiRange)
        {
            var x = new double[n * r];
            for (int j = 0; j < r; j++)
            {
                double scale = Math.Exp(_s[j] - top);
                for (int t = 0; t < n; t++) x[t + j * n] = _u[j + t * r] * scale;
            }
            if (Interruptible(() => _backend.JacobiSingularValues(n, r, x, n), stop) is { } sigma)
            {
                var logs = new double[r];
                for (int j = 0; j < r; j++) logs[j] = sigma[j] > 0.0 ? top + Math.Log(sigma[j]) : double.NegativeInfinity;
                if (logs.All(double.IsFinite)) return logs;
            }
        }
        return LogScaledJacobi(stop);
    }

    /// <summary>
    /// Runs a native call that cannot be interrupted on a worker thread and waits for it in short slices, so that a
    /// stop request (Ctrl+C) returns at once; the abandoned call finishes on its own and its result is dropped.
    /// </summary>
    private static T Interruptible<T>(Func<T> call, Func<bool>? stop)
    {
        if (stop == null) return call();
        var task = System.Threading.Tasks.Task.Run(call);
        while (!task.Wait(50))
            if (stop()) throw new OperationCanceledException();
        return task.GetAwaiter().GetResult();
    }

    /// <summary>The log-scale range below which the backend's own Jacobi (dgesvj) is used.</summary>
    private const double JacobiRange = 600.0;

    /// <summary>One-sided Jacobi with every column carried as a log scale and a vector: any range of scales.</summary>
    private double[] LogScaledJacobi(Func<bool>? stop)
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
            Normalize(y[j], ref c[j], always: true);
        }
        // Round-robin (tournament) order: each round pairs every column with another exactly once, in disjoint
        // pairs, so a round's rotations are independent and run on all cores.
        const double tolerance = 1e-15;
        int players = r + (r & 1);
        var order = new int[players];
        for (int i = 0; i < players; i++) order[i] = i;
        var options = new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
        for (int sweep = 0; sweep < 60; sweep++)
        {
            int rotations = 0;
            for (int round = 0; round < players - 1; round++)
            {
                if (stop?.Invoke() == true) throw new OperationCanceledException();
                System.Threading.Tasks.Parallel.For(0, players / 2, options, pair =>
                {
                    int i = order[pair], j = order[players - 1 - pair];
                    if (i >= r || j >= r) return;
                    if (Rotate(y, c, i, j, n, tolerance)) System.Threading.Interlocked.Increment(ref rotations);
                });
                // Keep the first player fixed and turn the others one place.
                int last = order[players - 1];
                for (int k = players - 1; k > 1; k--) order[k] = order[k - 1];
                order[1] = last;
            }
            if (rotations == 0) break;
        }
        var logSigma = new double[r];
        for (int j = 0; j < r; j++)
        {
            Normalize(y[j], ref c[j], always: true);
            logSigma[j] = c[j];
        }
        Array.Sort(logSigma, (x1, x2) => x2.CompareTo(x1));
        return logSigma;
    }

    /// <summary>
    /// One Jacobi rotation of columns i and j of X (column k is e^(c_k) y_k), if they are not yet orthogonal to
    /// <paramref name="tolerance"/>. The larger column is carried as the reference, and the rotation is written in
    /// rho = e^(c_small - c_big) so that it stays finite however far apart the two scales are.
    /// </summary>
    private static bool Rotate(double[][] y, double[] c, int i, int j, int n, double tolerance)
    {
        int big = c[i] >= c[j] ? i : j, small = big == i ? j : i;
        double[] yb = y[big], ys = y[small];
        var (p, a2, b2) = Dots(yb, ys);
        if (Math.Abs(p) <= tolerance * Math.Sqrt(a2 * b2)) return false;
        double rho = Math.Exp(c[small] - c[big]);
        // zeta = (rho^2 b2 - a2) / (2 rho p); with w = rho zeta, tau = t / rho stays finite as rho -> 0.
        double w = (rho * rho * b2 - a2) / (2.0 * p);
        double tau = (w >= 0.0 ? 1.0 : -1.0) / (Math.Abs(w) + Math.Sqrt(rho * rho + w * w));
        double tan = rho * tau;
        double cs = 1.0 / Math.Sqrt(1.0 + tan * tan);
        Update(yb, ys, cs, rho * rho * tau, tau);
        Normalize(yb, ref c[big]);
        Normalize(ys, ref c[small]);
        return true;
    }

    /// <summary>x.y, x.x and y.y in one pass.</summary>
    private static (double Xy, double Xx, double Yy) Dots(double[] x, double[] y)
    {
        int n = x.Length, width = System.Numerics.Vector<double>.Count, t = 0;
        var xy = System.Numerics.Vector<double>.Zero;
        var xx = System.Numerics.Vector<double>.Zero;
        var yy = System.Numerics.Vector<double>.Zero;
        for (; t <= n - width; t += width)
        {
            var vx = new System.Numerics.Vector<double>(x, t);
            var vy = new System.Numerics.Vector<double>(y, t);
            xy += vx * vy;
            xx += vx * vx;
            yy += vy * vy;
        }
        double sxy = System.Numerics.Vector.Dot(xy, System.Numerics.Vector<double>.One);
        double sxx = System.Numerics.Vector.Dot(xx, System.Numerics.Vector<double>.One);
        double syy = System.Numerics.Vector.Dot(yy, System.Numerics.Vector<double>.One);
        for (; t < n; t++)
        {
            sxy += x[t] * y[t];
            sxx += x[t] * x[t];
            syy += y[t] * y[t];
        }
        return (sxy, sxx, syy);
    }

    /// <summary>yb = cs (yb - k ys), ys = cs (tau yb_old + ys).</summary>
    private static void Update(double[] yb, double[] ys, double cs, double k, double tau)
    {
        int n = yb.Length, width = System.Numerics.Vector<double>.Count, t = 0;
        for (; t <= n - width; t += width)
        {
            var vb = new System.Numerics.Vector<double>(yb, t);
            var vs = new System.Numerics.Vector<double>(ys, t);
            (cs * (vb - k * vs)).CopyTo(yb, t);
            (cs * (tau * vb + vs)).CopyTo(ys, t);
        }
        for (; t < n; t++)
        {
            double bt = yb[t], st = ys[t];
            yb[t] = cs * (bt - k * st);
            ys[t] = cs * (tau * bt + st);
        }
    }

    /// <summary>
    /// Moves y's norm into the log scale c once it strays from 1 by more than a factor of 2 (or at once when
    /// <paramref name="always"/>), so every column stays of order 1 and nothing over- or underflows.
    /// </summary>
    private static void Normalize(double[] y, ref double c, bool always = false)
    {
        var (_, ss, _) = Dots(y, y);
        if (ss == 0.0)
        {
            c = double.NegativeInfinity;
            return;
        }
        if (!always && ss > 0.25 && ss < 4.0) return;
        double norm = Math.Sqrt(ss), inverse = 1.0 / norm;
        int n = y.Length, width = System.Numerics.Vector<double>.Count, t = 0;
        for (; t <= n - width; t += width) (new System.Numerics.Vector<double>(y, t) * inverse).CopyTo(y, t);
        for (; t < n; t++) y[t] *= inverse;
        c += Math.Log(norm);
    }
}
