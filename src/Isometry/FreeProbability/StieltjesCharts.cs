using System;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Isometry.FreeProbability;

/// <summary>
/// G(zeta) and M_D(zeta) of an even law of d (Tanh, Erf, Sigmoid) from polynomial charts, built on first use from the
/// subtracted-pole quadrature and kept for the life of the law: every depth's density continuation visits the same
/// upper half plane of zeta, so a sweep over depths pays for each chart once and then evaluates a polynomial (about a
/// twentieth of a quadrature).
/// </summary>
/// <remarks>
/// The charts live in w = log zeta, where the whole upper half plane, from the bottom of the double range up, is the
/// strip 0 &lt;= Im w &lt;= pi, tiled by squares of side pi/4 and their quarters. A square's chart is the Taylor polynomial
/// about a centre, read off 32 values on a circle 1.25 times the radius that covers the square (the discrete Cauchy
/// integral). On the bottom row the centre sits on the real w axis and the values of the lower half circle are the
/// mirror images of the upper ones, so the coefficients are real: on the support (0, top) the chart carries the
/// function G + i pi rho, rho the density of d continued off the axis (G jumps by -2 pi i rho across the support, so
/// this is analytic across it), and the exact rho is taken off again where the chart is read. Its imaginary part
/// there, which carries the density of the spectrum however small, then comes only from rho in closed form. Above
/// the top of the support G itself is real on the axis. At the top G has a square-root branch point, but G + i pi rho
/// does not (rho ~ 1/sqrt(top - zeta) carries it exactly): a square whose disc comes near the top charts that function
/// on both sides of it, with log rho + log(1 - zeta/top)/2, analytic there too, in place of log rho. (Charting G, the
/// squares would shrink 64-fold toward the top and end with the quadrature, which errs by up to 1.6e-9 of G there; this
/// chart keeps 6e-14, and a sweep over depths builds a third fewer charts.) A square whose chart misses the quadrature
/// at the corners and midpoints of its border by more than <see cref="Tolerance"/> is split in four; after
/// <see cref="MaxLevel"/> splits the quadrature serves it directly (a chart that small would cost more quadratures than
/// it saves).
/// Every chart depends on its square alone, never on which values were asked for first: a depth's result has the same
/// bits whatever other depths, shards or threads shared the charts.
/// </remarks>
public sealed class StieltjesCharts : ISquaredSlopeTransform
{
    private const int Samples = 32;
    private const int MaxLevel = 6;
    private const int RootRows = 4;
    private const double RootSide = Math.PI / RootRows;
    /// <summary>The strip's ends in Re w: below, zeta is near the bottom of the double range; above, m ~ mu_1/zeta.</summary>
    private const double MinLogZeta = -700.0, MaxLogZeta = 5.5;

    /// <summary>
    /// How far a chart may miss the quadrature, relative to each value, at its check points: the quadrature's own error
    /// reaches about 1e-12 a little off the support (and 1e-10 on it, where the charts are not checked).
    /// </summary>
    public const double Tolerance = 2e-12;

    private readonly SquaredSlopeStieltjes _exact;
    private readonly double _logTop;
    private readonly ConcurrentDictionary<(long, int), Square> _roots = new();

    public StieltjesCharts(SquaredSlopeStieltjes exact)
    {
        _exact = exact;
        _logTop = Math.Log(exact.MaxValue);
    }

    public double MaxValue => _exact.MaxValue;

    /// <summary>The quadrature the charts are read from.</summary>
    public SquaredSlopeStieltjes Exact => _exact;

    public StieltjesValues EvaluateWithMoment(Complex zeta) => EvaluateWithMoment(zeta, Fma.IsSupported);

    /// <summary>As above, the charts read with the processor's 256-bit vectors or without (the same bits: tests compare them).</summary>
    internal StieltjesValues EvaluateWithMoment(Complex zeta, bool vectorized)
    {
        if (ChartFor(zeta, out Complex w, out _) is not { } chart) return _exact.EvaluateWithMoment(zeta);
        var v = chart.Evaluate(w, zeta, vectorized, withSlopeOfG: true);
        return new StieltjesValues(v.G, v.DG, v.M, v.DM);
    }

    /// <summary>
    /// What the density continuation reads: a chart's values without G' (which it does not use), and log zeta as the
    /// chart's coordinate w already has it (the same bits as ComplexMath.Log, which the quadrature's points take).
    /// </summary>
    public ContinuationValues Continue(Complex zeta)
    {
        // Below the real axis every value is the mirror image of the one above (d's law is real): Newton's iterates stray
        // there by rounding where the root hugs the axis (far down a tail), and the quadrature would cost twenty reads.
        if (zeta.Imaginary < 0.0 && double.IsFinite(zeta.Imaginary))
        {
            var above = Continue(Complex.Conjugate(zeta));
            return new ContinuationValues(Complex.Conjugate(above.G), Complex.Conjugate(above.M), Complex.Conjugate(above.DM),
                Complex.Conjugate(above.LogZeta));
        }
        if (ChartFor(zeta, out Complex w, out double signedArg) is not { } chart)
        {
            var q = _exact.EvaluateWithMoment(zeta);
            return new ContinuationValues(q.G, q.M, q.DM, Numerics.ComplexMath.Log(zeta));
        }
        var v = chart.Evaluate(w, zeta, Fma.IsSupported, withSlopeOfG: false);
        return new ContinuationValues(v.G, v.M, v.DM, new Complex(w.Real, signedArg));
    }

    /// <summary>How many squares have a chart and how many are served by the quadrature (for tests and benchmarks).</summary>
    public (int Charts, int Direct) Count()
    {
        int charts = 0, direct = 0;
        void Visit(Square s)
        {
            if (s.State == Square.Charted) charts++;
            else if (s.State == Square.Direct) direct++;
            else if (s.State == Square.Split) foreach (var c in s.Children!) Visit(c);
        }
        foreach (var s in _roots.Values) Visit(s);
        return (charts, direct);
    }

    /// <summary>The chart this thread read last, and whose it is: Newton's iterates stay in one square for several steps.</summary>
    [ThreadStatic] private static Chart? t_lastChart;
    [ThreadStatic] private static StieltjesCharts? t_lastOwner;

    private Chart? ChartFor(Complex zeta, out Complex w, out double signedArg)
    {
        w = default;
        signedArg = 0.0;
        if (!(zeta.Imaginary >= 0.0) || !double.IsFinite(zeta.Real) || !double.IsFinite(zeta.Imaginary) || zeta == Complex.Zero) return null;
        var log = Numerics.ComplexMath.Log(zeta);
        double logAbs = log.Real;
        if (!(logAbs >= MinLogZeta && logAbs <= MaxLogZeta)) return null;
        // On the negative real axis Im zeta may be -0: its argument is pi, the top of the strip.
        signedArg = log.Imaginary;
        double arg = Math.Abs(signedArg);
        w = new Complex(logAbs, arg);
        if (ReferenceEquals(t_lastOwner, this) && t_lastChart!.Contains(w)) return t_lastChart;
        // Squares are the half-open [I side, (I + 1) side) x [J side, (J + 1) side) (the top row closed at pi), their
        // bounds formed as products, so that the descent below and Contains agree to the last bit.
        long i = (long)Math.Floor(logAbs / RootSide);
        if (logAbs < i * RootSide) i--;
        else if (logAbs >= (i + 1) * RootSide) i++;
        int j = (int)Math.Floor(arg / RootSide);
        if (arg < j * RootSide) j--;
        else if (arg >= (j + 1) * RootSide) j++;
        j = Math.Clamp(j, 0, RootRows - 1);
        var square = _roots.GetOrAdd((i, j), key => new Square(0, key.Item1, key.Item2));
        while (true)
        {
            if (square.State == Square.Unresolved) Resolve(square);
            if (square.State != Square.Split)
            {
                if (square.Chart is { } chart)
                {
                    t_lastOwner = this;
                    t_lastChart = chart;
                }
                return square.Chart;
            }
            double half = RootSide / (1L << (square.Level + 1));
            int a = logAbs >= (2 * square.I + 1) * half ? 1 : 0;
            int b = arg >= (2 * square.J + 1) * half ? 1 : 0;
            square = square.Children![2 * a + b];
        }
    }

    private void Resolve(Square square)
    {
        lock (square)
        {
            if (square.State != Square.Unresolved) return;
            var chart = TryChart(square);
            if (chart is not null)
            {
                square.Chart = chart;
                square.State = Square.Charted;
            }
            else if (square.Level < MaxLevel)
            {
                var children = new Square[4];
                for (int a = 0; a < 2; a++)
                    for (int b = 0; b < 2; b++)
                        children[2 * a + b] = new Square(square.Level + 1, 2 * square.I + a, 2 * square.J + b);
                square.Children = children;
                square.State = Square.Split;
            }
            else square.State = Square.Direct;
        }
    }

    private Chart? TryChart(Square square)
    {
        double side = RootSide / (1L << square.Level);
        bool axis = square.J == 0;
        // The bottom row's centre is on the axis (its disc reaches the square's top corners at sqrt(5)/2 sides); the
        // others are centred in their square.
        var center = new Complex((square.I + 0.5) * side, axis ? 0.0 : (square.J + 0.5) * side);
        double cover = axis ? side * Math.Sqrt(1.25) : side * Math.Sqrt(0.5);
        double radius = 1.25 * cover;
        // At the top of the support G has a square-root branch point, which no polynomial follows; G + i pi rho has
        // none (rho ~ 1/sqrt(top - zeta) carries it exactly), so a bottom-row square whose circle comes near it charts
        // that, with log rho + log(1 - zeta/top)/2 (see Chart). The circles above the bottom row stay 1.5 radii from it.
        bool branch = axis && (center - new Complex(_logTop, 0.0)).Magnitude < 1.5 * radius;
        bool support = axis && (branch || center.Real < _logTop);

        var g = new Complex[Samples];
        var m = new Complex[Samples];
        var logRho = support ? new Complex[Samples] : null;
        int computed = axis ? Samples / 2 : Samples;
        for (int k = 0; k < computed; k++)
        {
            double theta = 2.0 * Math.PI * (k + 0.5) / Samples;
            var w = center + radius * new Complex(Math.Cos(theta), Math.Sin(theta));
            if (Sample(w, support, branch ? MaxValue : null) is not var (gk, mk, lk)) return null;
            g[k] = gk;
            m[k] = mk;
            if (logRho is not null) logRho[k] = lk;
        }
        if (axis)
            for (int k = 0; k < Samples / 2; k++)
            {
                g[Samples - 1 - k] = Complex.Conjugate(g[k]);
                m[Samples - 1 - k] = Complex.Conjugate(m[k]);
                if (logRho is not null) logRho[Samples - 1 - k] = Complex.Conjugate(logRho[k]);
            }
        var bounds = (square.I * side, (square.I + 1) * side, square.J * side, (square.J + 1) * side, square.J == RootRows * (1L << square.Level) - 1);
        var chart = new Chart(center, cover, bounds, Coefficients(g, axis), Coefficients(m, axis), logRho is null ? null : Coefficients(logRho, axis),
            branch ? MaxValue : null);

        // Check the chart against the quadrature where its truncation errs most: the corners and edge midpoints of its
        // square. On the bottom row those farthest from the centre, on the axis, are the top corners and the sides'
        // midpoints; the bottom edge is nearer the centre, and the quadrature itself loses digits there (up to 2e-10 of
        // G on the support, where the pole it subtracts sits on its panels; the charts, read off a circle mostly well
        // away from the axis, keep 5e-14 against 40-digit references), so it is not checked on the axis.
        for (int a = 0; a <= 2; a++)
            for (int b = axis ? 1 : 0; b <= 2; b++)
            {
                if (a == 1 && b == 1 && !axis) continue;
                var w = new Complex((square.I + 0.5 * a) * side, (square.J + 0.5 * b) * side);
                var zeta = Complex.Exp(w);
                // The top row's top edge is the negative real axis (sin pi rounds to 1e-16, not 0).
                if (w.Imaginary >= Math.PI) zeta = new Complex(zeta.Real, 0.0);
                var read = chart.Evaluate(w, zeta, Fma.IsSupported, withSlopeOfG: true);
                var exact = _exact.EvaluateWithMoment(zeta);
                if (!Close(read.G, exact.G) || !Close(read.M, exact.M)) return null;
                // rho itself, however small, carries the density of the spectrum: its logarithm is held to the
                // rounding of a closed form.
                if (support && (_exact.LogContinuedDensity(zeta) is not Complex log
                    || (chart.LogRhoAt(w, zeta) - log).Magnitude > 1e-13 * (1.0 + log.Magnitude))) return null;
            }
        return chart;
    }

    /// <summary>How far i pi rho may outweigh G where a chart next to the top carries G + i pi rho: a factor of 1e3 costs three of G's digits.</summary>
    private const double BranchCancellation = 1e3;

    private static bool Close(Complex a, Complex b) => (a - b).Magnitude <= Tolerance * b.Magnitude;

    /// <summary>
    /// G and M_D at w, from the quadrature (mirrored below the real axis); on the support with i pi rho added, and log rho
    /// (next to the top of the support, log rho + log(1 - zeta/top)/2: see Chart). Null where rho is not resolved or,
    /// next to the top, outweighs G so far that G + i pi rho would lose G's digits (zeta well past the top, where the
    /// continued rho grows like the Gaussian's reciprocal).
    /// </summary>
    private (Complex G, Complex M, Complex LogRho)? Sample(Complex w, bool support, double? top)
    {
        var zeta = Complex.Exp(w);
        bool mirror = zeta.Imaginary < 0.0;
        var v = _exact.EvaluateWithMoment(mirror ? Complex.Conjugate(zeta) : zeta);
        Complex g = mirror ? Complex.Conjugate(v.G) : v.G, m = mirror ? Complex.Conjugate(v.M) : v.M, logRho = 0.0;
        if (support)
        {
            if (_exact.LogContinuedDensity(zeta) is not Complex log) return null;
            logRho = top is double t ? log + 0.5 * Chart.LogBelowTop(zeta, t) : log;
            var jump = new Complex(0.0, Math.PI) * Complex.Exp(log);
            if (top is not null && jump.Magnitude > BranchCancellation * g.Magnitude) return null;
            g += jump;
            m += zeta * jump;
        }
        if (!double.IsFinite(g.Real) || !double.IsFinite(g.Imaginary) || !double.IsFinite(m.Real) || !double.IsFinite(m.Imaginary)) return null;
        return (g, m, logRho);
    }

    /// <summary>
    /// Taylor coefficients in u = (w - centre)/cover from values on the circle |u| = 1.25 (a discrete Fourier transform), with
    /// the real parts only where the values are mirror images (the bottom row).
    /// </summary>
    private static Complex[] Coefficients(Complex[] values, bool real)
    {
        var c = new Complex[Samples];
        double scale = 1.0;
        for (int n = 0; n < Samples; n++)
        {
            Complex sum = 0.0;
            for (int k = 0; k < Samples; k++) sum += values[k] * Twiddles[n * Samples + k];
            c[n] = sum * (scale / Samples);
            if (real) c[n] = new Complex(c[n].Real, 0.0);
            scale /= 1.25;
        }
        // Terms that cannot reach a relative 1e-16 anywhere in the square (rounding, in the values they are read from) are
        // dropped: a read costs its terms, and most of a Tanh sweep's charts need 13 to 27 of the 32.
        double largest = 0.0;
        foreach (var x in c) largest = Math.Max(largest, x.Magnitude);
        int degree = Samples - 1;
        while (degree > 0 && c[degree].Magnitude <= 1e-16 * largest) degree--;
        Array.Resize(ref c, degree + 1);
        return c;
    }

    /// <summary>
    /// e^(-2 pi i n (k + 1/2) / Samples) for the transform in <see cref="Coefficients"/>, formed once (the same bits as
    /// forming them at every chart, where their sines and cosines were a third of a chart's cost).
    /// </summary>
    private static readonly Complex[] Twiddles = MakeTwiddles();

    private static Complex[] MakeTwiddles()
    {
        var t = new Complex[Samples * Samples];
        for (int n = 0; n < Samples; n++)
            for (int k = 0; k < Samples; k++)
            {
                double phase = -2.0 * Math.PI * n * (k + 0.5) / Samples;
                t[n * Samples + k] = new Complex(Math.Cos(phase), Math.Sin(phase));
            }
        return t;
    }

    private sealed class Square
    {
        public const int Unresolved = 0, Charted = 1, Split = 2, Direct = 3;

        public Square(int level, long i, int j)
        {
            Level = level;
            I = i;
            J = j;
        }

        public int Level { get; }
        public long I { get; }
        public int J { get; }
        public volatile int State;
        public Chart? Chart;
        public Square[]? Children;
    }

    private sealed class Chart
    {
        private readonly Complex _center;
        private readonly double _cover;
        /// <summary>
        /// The coefficients of G and M_D (and of log rho on the support) in one array, a term at a time: g, m[, log rho,
        /// 0], real and imaginary parts, padded with zeros to one degree. Their Horner recurrences then run side by side,
        /// two complex numbers to a vector, which is what a chart read costs. A leading zero adds nothing: the
        /// recurrence starts again at the first nonzero term with the same operations.
        /// </summary>
        private readonly double[] _terms;
        /// <summary>Whether the chart carries log rho (on the support): G and M_D are its charts less i pi rho and i pi zeta rho.</summary>
        private readonly bool _onSupport;

        private readonly (double X0, double X1, double Y0, double Y1, bool Top) _bounds;

        /// <summary>
        /// The top of the support where this chart's square lies next to it, else null. rho ~ 1/sqrt(top - zeta) there, so
        /// the chart carries log rho + log(1 - zeta/top)/2, which is analytic, and log rho is that less the half logarithm.
        /// </summary>
        private readonly double? _top;

        public Chart(Complex center, double cover, (double X0, double X1, double Y0, double Y1, bool Top) bounds, Complex[] g, Complex[] m,
            Complex[]? logRho, double? top = null)
        {
            _top = top;
            _center = center;
            _bounds = bounds;
            _cover = cover;
            _onSupport = logRho is not null;
            int degree = Math.Max(Math.Max(g.Length, m.Length), logRho?.Length ?? 0);
            int stride = Stride;
            _terms = new double[degree * stride];
            void Put(Complex[] c, int slot)
            {
                for (int n = 0; n < c.Length; n++)
                {
                    _terms[n * stride + slot] = c[n].Real;
                    _terms[n * stride + slot + 1] = c[n].Imaginary;
                }
            }
            Put(g, 0);
            Put(m, 2);
            if (logRho is not null) Put(logRho, 4);
        }

        private int Stride => _onSupport ? 8 : 4;

        /// <summary>Whether w lies in this chart's square (as the descent through the squares decides it).</summary>
        public bool Contains(Complex w) =>
            w.Real >= _bounds.X0 && w.Real < _bounds.X1 && w.Imaginary >= _bounds.Y0
            && (w.Imaginary < _bounds.Y1 || (_bounds.Top && w.Imaginary <= _bounds.Y1));

        public Complex LogRhoAt(Complex w, Complex zeta)
        {
            if (!_onSupport) return Complex.Zero;
            var logRho = Read((w - _center) / _cover, Fma.IsSupported).LogRho;
            return _top is double top ? logRho - 0.5 * LogBelowTop(zeta, top) : logRho;
        }

        /// <summary>
        /// log(1 - zeta/top) for zeta in the closed upper half plane, on the branch the continued density takes: 1 -
        /// zeta/top lies in the lower half plane, and past the top on the real axis (zeta + i0) its argument is -pi.
        /// top - Re zeta is exact next to the top, so 1 - zeta/top keeps every digit there.
        /// </summary>
        public static Complex LogBelowTop(Complex zeta, double top) =>
            Numerics.ComplexMath.Log(new Complex((top - zeta.Real) / top, -Math.Abs(zeta.Imaginary) / top));

        /// <summary>G, M_D and M_D' at w = log zeta, and G' where asked for (the continuation does not use it).</summary>
        public StieltjesValues Evaluate(Complex w, Complex zeta, bool vectorized, bool withSlopeOfG)
        {
            var (g, dg, m, dm, logRho, dLogRho) = Read((w - _center) / _cover, vectorized);
            // d/dzeta = (d/du) / (cover zeta); zeta times a slope is read as (d/du) / cover, which stays finite where
            // the slope itself overflows (Erf at q* > 1/4, where G ~ zeta^-a as zeta -> 0: G' may rightly overflow,
            // M_D' = G + zeta G' may not). Where m is near -1 (zeta -> 0) its chart's slope is a small change of a value
            // near 1 and keeps few digits: there M_D' is formed from G's chart. Where m is small (large zeta) that sum
            // would cancel instead. (G' keeps its digits relative to |G/zeta|, which is all Newton's steps ask.) The
            // nearer of -1 and 0 is the side of Re m = -1/2.
            Complex zetaDg = dg / _cover;
            bool fromG = m.Real < -0.5;
            Complex zetaDm = dm / _cover;
            if (_onSupport)
            {
                // On the support the charts carry G + i pi rho and M_D + i pi zeta rho.
                Complex slopeOfLogRho = dLogRho / _cover;
                bool pastTop = false;
                if (_top is double top)
                {
                    // The chart carries log rho + log(1 - zeta/top)/2; its slope in w less that of the half logarithm.
                    logRho -= 0.5 * LogBelowTop(zeta, top);
                    slopeOfLogRho += 0.5 * zeta / (top - zeta);
                    pastTop = zeta.Imaginary == 0.0 && zeta.Real > top;
                }
                // Past the top on the real axis rho is i |rho| (its argument pi/2, whose cosine would round to 6e-17 rather
                // than 0), so that G and M_D stay real there.
                Complex rho = pastTop ? new Complex(0.0, Math.Exp(logRho.Real)) : Complex.Exp(logRho), zetaDRho = rho * slopeOfLogRho;
                var i = new Complex(0.0, Math.PI);
                g -= i * rho;
                m -= i * zeta * rho;
                zetaDg -= i * zetaDRho;
                if (!fromG) zetaDm -= i * zeta * (rho + zetaDRho);
            }
            return new StieltjesValues(g, withSlopeOfG ? zetaDg / zeta : Complex.NaN, m, fromG ? g + zetaDg : zetaDm / zeta);
        }

        /// <summary>
        /// The charted functions and their slopes in u, by Horner's rule: p = p u + c and p' = p' u + p, with 256-bit
        /// vectors (AVX and FMA) or without; each complex multiply-add as two fused ones a part (see TimesUPlus), which
        /// shortens the chain a read waits on from three roundings a term to two.
        /// </summary>
        private (Complex G, Complex DG, Complex M, Complex DM, Complex LogRho, Complex DLogRho) Read(Complex u, bool vectorized)
        {
            var c = _terms;
            int stride = Stride;
            if (vectorized && Fma.IsSupported)
            {
                var re = Vector256.Create(u.Real);
                var im = Vector256.Create(-u.Imaginary, u.Imaginary, -u.Imaginary, u.Imaginary);
                ref double terms = ref MemoryMarshal.GetArrayDataReference(c);
                int last = c.Length - stride;
                var p = Vector256.LoadUnsafe(ref terms, (nuint)last);
                var d = Vector256<double>.Zero;
                if (!_onSupport)
                {
                    for (int k = last - 4; k >= 0; k -= 4)
                    {
                        d = TimesUPlus(d, re, im, p);
                        p = TimesUPlus(p, re, im, Vector256.LoadUnsafe(ref terms, (nuint)k));
                    }
                    return (new(p[0], p[1]), new(d[0], d[1]), new(p[2], p[3]), new(d[2], d[3]), Complex.Zero, Complex.Zero);
                }
                // log rho's half vector carries zeros in its other half, which stay zeros.
                var r = Vector256.LoadUnsafe(ref terms, (nuint)(last + 4));
                var dr = Vector256<double>.Zero;
                for (int k = last - 8; k >= 0; k -= 8)
                {
                    d = TimesUPlus(d, re, im, p);
                    dr = TimesUPlus(dr, re, im, r);
                    p = TimesUPlus(p, re, im, Vector256.LoadUnsafe(ref terms, (nuint)k));
                    r = TimesUPlus(r, re, im, Vector256.LoadUnsafe(ref terms, (nuint)(k + 4)));
                }
                return (new(p[0], p[1]), new(d[0], d[1]), new(p[2], p[3]), new(d[2], d[3]), new(r[0], r[1]), new(dr[0], dr[1]));
            }
            double ur = u.Real, ui = u.Imaginary;
            int top = c.Length - stride;
            double gr = c[top], gi = c[top + 1], mr = c[top + 2], mi = c[top + 3];
            double rr = _onSupport ? c[top + 4] : 0.0, ri = _onSupport ? c[top + 5] : 0.0;
            double dgr = 0.0, dgi = 0.0, dmr = 0.0, dmi = 0.0, drr = 0.0, dri = 0.0;
            for (int k = top - stride; k >= 0; k -= stride)
            {
                (dgr, dgi) = TimesUPlus(dgr, dgi, ur, ui, gr, gi);
                (dmr, dmi) = TimesUPlus(dmr, dmi, ur, ui, mr, mi);
                (gr, gi) = TimesUPlus(gr, gi, ur, ui, c[k], c[k + 1]);
                (mr, mi) = TimesUPlus(mr, mi, ur, ui, c[k + 2], c[k + 3]);
                if (!_onSupport) continue;
                (drr, dri) = TimesUPlus(drr, dri, ur, ui, rr, ri);
                (rr, ri) = TimesUPlus(rr, ri, ur, ui, c[k + 4], c[k + 5]);
            }
            return _onSupport
                ? (new(gr, gi), new(dgr, dgi), new(mr, mi), new(dmr, dmi), new(rr, ri), new(drr, dri))
                : (new(gr, gi), new(dgr, dgi), new(mr, mi), new(dmr, dmi), Complex.Zero, Complex.Zero);
        }

        /// <summary>
        /// x u + add for two complex numbers to a vector, u given as (Re u, Re u, ...) and (-Im u, Im u, ...): x Re u +
        /// (swap(x) (-Im u, Im u) + add), each a fused multiply-add, as the plain loop's parts are formed (below), so the
        /// same bits on any processor.
        /// </summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static Vector256<double> TimesUPlus(Vector256<double> x, Vector256<double> re, Vector256<double> im, Vector256<double> add) =>
            Fma.MultiplyAdd(x, re, Fma.MultiplyAdd(Avx.Permute(x, 0b0101), im, add));

        /// <summary>(xr + i xi) u + add as two fused multiply-adds a part: Re = xr Re u + (xi (-Im u) + Re add), Im = xi Re u + (xr Im u + Im add).</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private static (double Re, double Im) TimesUPlus(double xr, double xi, double ur, double ui, double ar, double ai) =>
            (Math.FusedMultiplyAdd(xr, ur, Math.FusedMultiplyAdd(xi, -ui, ar)), Math.FusedMultiplyAdd(xi, ur, Math.FusedMultiplyAdd(xr, ui, ai)));
    }
}
