using System;
using System.Collections.Generic;
using System.Numerics;
using Isometry.Activations;
using Isometry.Numerics;

namespace Isometry.FreeProbability;

/// <summary>G(zeta), G'(zeta), M_D(zeta) = E[d/(zeta - d)] and M_D'(zeta) at one zeta.</summary>
public readonly record struct StieltjesValues(Complex G, Complex DG, Complex M, Complex DM);

/// <summary>What the density continuation reads at one zeta (see <see cref="SmoothLaw.At"/>): G, M_D, M_D' and log zeta.</summary>
public readonly record struct ContinuationValues(Complex G, Complex M, Complex DM, Complex LogZeta);

/// <summary>The Stieltjes transform of the law of d = phi'(sqrt(q) z)^2, z ~ N(0, 1), as the density's route uses it.</summary>
public interface ISquaredSlopeTransform
{
    /// <summary>The top of the support of d.</summary>
    double MaxValue { get; }

    /// <summary>The transforms at zeta, Im zeta &gt;= 0; a real zeta inside the support means zeta + i0.</summary>
    StieltjesValues EvaluateWithMoment(Complex zeta);

    /// <summary>What the density continuation reads at zeta: the values above less G', with log zeta.</summary>
    ContinuationValues Continue(Complex zeta)
    {
        var v = EvaluateWithMoment(zeta);
        return new ContinuationValues(v.G, v.M, v.DM, Complex.Log(zeta));
    }
}

/// <summary>
/// The Stieltjes transform of the law of d = g(z) = phi'(sqrt(q) z)^2 for any activation whose slope continues off the
/// real axis (<see cref="IComplexSlope"/>): no evenness, no monotonicity and no inverse of g needed.
/// </summary>
/// <remarks>
/// G(zeta) = int pdf(z)/(zeta - g(z)) dz. For Im zeta &gt; 0 the poles (g(z) = zeta) near the real axis sit on the side
/// sign(g'(r)) of each real root r of g = Re zeta, so the path is bent the other way: z(t) = t - i d(t) with d of the
/// sign of g'. On it Im(zeta - g(z)) = Im zeta + d g' + ... stays positive, so no pole is crossed for any zeta in the
/// upper half plane and zeta + i0 is the limit from the right side; the nearest pole is d(r) from the path whatever
/// |g'(r)| is. d vanishes linearly at the critical points of g (a rotation of the path by atan(1/3) about each, which
/// keeps the two poles that meet there apart in proportion) and at an end of the domain (SELU's kink); elsewhere it is
/// a fixed fraction of both the scale on which g varies and the distance to the slope's singularities, and a check of
/// Im g along the path (halving d where it fails) guards the first-order argument. Adaptive Gauss-Kronrod (G7/K15)
/// on panels that start at the critical points and at the real roots of g = Re zeta integrates the rest to rounding.
/// A constant slope on x &gt; 0 (SELU) contributes its atom in closed form.
/// </remarks>
public sealed class ContourStieltjes : ISquaredSlopeTransform
{
    /// <summary>pdf(z) underflows beyond here.</summary>
    private const double MaxZ = 40.0;

    /// <summary>|z| beyond which the law of d holds less than 2e-17 of its mass.</summary>
    private const double SupportZ = 8.5;

    /// <summary>A panel is accepted when |K15 - G7| is below this fraction of the integral of |f| (K15 is then good to rounding).</summary>
    private const double Tolerance = 1e-11;

    private const int MaxDepth = 200;
    private const int PanelBudget = 40000;

    private readonly IComplexSlope _slope;
    private readonly double _rootQ, _zHi, _bend;
    private readonly double[] _critical;
    private readonly int[] _signs;
    /// <summary>Whether phi' itself vanishes at each critical point (g has a double zero there).</summary>
    private readonly bool[] _slopeZero;
    /// <summary>g at each critical point, and |g'| and |g''|/2 there: how far the poles sit from it for a given zeta.</summary>
    private readonly double[] _criticalValue, _criticalSlope, _criticalCurvature;
    private readonly Span[] _base;
    /// <summary>The monotone branches of g: [A, B] between consecutive critical points (and the domain's ends), with g at both ends.</summary>
    private readonly (double A, double B, double GA, double GB)[] _branches;
    private readonly double _atomValue, _atomMass;

    /// <summary>P(h &gt; 0) for h ~ N(0, q): the mass of the atom a constant slope on x &gt; 0 puts in the law of d.</summary>
    public const double PositiveSideMass = 0.5;

    /// <summary>
    /// One K15 panel's nodes in plain doubles (real, imaginary): g(z(t)), and pdf(z(t)) z'(t) times the Kronrod and the
    /// Gauss weights.
    /// </summary>
    private sealed class Panel
    {
        public readonly double[] Gr = new double[15], Gi = new double[15], Kr = new double[15], Ki = new double[15],
            Wr = new double[15], Wi = new double[15];
    }

    /// <summary>Panels by (anchor, A, B): the dyadic refinements of the base panels recur from one zeta to the next.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Span, Panel> _cache = new();
    private const int CacheLimit = 20000;

    /// <summary>
    /// [Anchor + A, Anchor + B] in the local coordinate u = t - Anchor, Anchor the nearest critical point (index
    /// AnchorIndex) or 0. Next to a critical point the poles that meet there come within 1e-10 of it as zeta -&gt; 0 or
    /// the top; nodes t = c + u in absolute terms would carry an error of 1e-16 that is a relative 1e-6 of u there.
    /// </summary>
    private readonly record struct Span(int AnchorIndex, double Anchor, double A, double B);

    public ContourStieltjes(IComplexSlope slope, double q)
    {
        if (!(q > 0.0) || double.IsInfinity(q)) throw new ArgumentOutOfRangeException(nameof(q), q, "q must be finite and positive.");
        _slope = slope;
        _rootQ = Math.Sqrt(q);
        if (slope.PositiveSideSlope is double c)
        {
            _zHi = 0.0;
            _atomValue = c * c;
            _atomMass = PositiveSideMass;
        }
        else _zHi = MaxZ;

        // g varies on the scale 1/sqrt(q) in z (on 1 in h) and its slope is analytic within SlopeStrip of the axis in h.
        double scale = Math.Min(1.0, 0.5 * Math.Min(slope.SlopeStrip, 2.0)) / _rootQ;
        var scan = ScanGrid(scale);
        (_critical, _signs, _slopeZero) = CriticalPoints(scan);

        var branches = new List<(double, double, double, double)>();
        for (int j = 0; j <= _critical.Length; j++)
        {
            double a = j == 0 ? -MaxZ : _critical[j - 1], b = j == _critical.Length ? _zHi : _critical[j];
            if (b > a) branches.Add((a, b, RealG(a), RealG(b)));
        }
        _branches = branches.ToArray();

        _criticalValue = new double[_critical.Length];
        _criticalSlope = new double[_critical.Length];
        _criticalCurvature = new double[_critical.Length];
        for (int j = 0; j < _critical.Length; j++)
        {
            double hc = _rootQ * _critical[j];
            double p1 = _slope.Derivative(hc).Real, p2 = _slope.SecondDerivative(hc).Real;
            // The third derivative by a complex step on phi'' (exact to rounding for any small step).
            double p3 = _slope.SecondDerivative(new Complex(hc, 1e-20)).Imaginary / 1e-20;
            _criticalValue[j] = _slopeZero[j] ? 0.0 : RealG(_critical[j]);
            _criticalSlope[j] = _slopeZero[j] ? 0.0 : Math.Abs(2.0 * _rootQ * p1 * p2);
            _criticalCurvature[j] = Math.Abs(q * (p2 * p2 + p1 * p3));
        }

        // The top of the support that carries mass: g's maximum over |z| <= 8.5 (beyond, under 2e-17 of the law). A
        // maximum far out in the Gaussian's tail (SiLU's phi'^2 peaks at h = 2.4, which at q* = 0.013 is z = 21) holds
        // 1e-94 of it: an edge searched above that would sit where G cannot be told from its value at the top.
        double top = RealG(-SupportZ);
        top = Math.Max(top, RealG(Math.Min(SupportZ, _zHi)));
        foreach (double t in scan) if (Math.Abs(t) <= SupportZ) top = Math.Max(top, RealG(t));
        foreach (double t in _critical) if (Math.Abs(t) <= SupportZ) top = Math.Max(top, RealG(t));
        MaxValue = Math.Max(top, _atomValue);

        _bend = Math.Min(0.5, 0.2 * scale);
        for (int tries = 0; tries < 12 && !PathKeepsSide(scan); tries++) _bend *= 0.5;

        // Base panels: half a unit of z, finer where g varies, and a break at every critical point.
        var points = new List<double> { -MaxZ, _zHi };
        for (double t = -MaxZ + 0.5; t < _zHi; t += 0.5) points.Add(t);
        double window = Math.Min(MaxZ, 20.0 / _rootQ), fine = 0.5 * scale;
        if (fine < 0.5)
            for (double t = -window; t < Math.Min(window, _zHi); t += fine) points.Add(t);
        points.AddRange(_critical);
        var breaks = Breakpoints(points);
        _base = new Span[breaks.Length - 1];
        for (int i = 0; i < _base.Length; i++)
        {
            _base[i] = SpanOf(breaks[i], breaks[i + 1]);
            PanelOn(_base[i]);   // into the cache: every zeta starts from these
        }
    }

    /// <summary>[a, b] anchored at the critical point nearest its middle.</summary>
    private Span SpanOf(double a, double b)
    {
        int best = -1;
        double mid = 0.5 * (a + b), distance = double.PositiveInfinity;
        for (int j = 0; j < _critical.Length; j++)
            if (Math.Abs(_critical[j] - mid) < distance) (best, distance) = (j, Math.Abs(_critical[j] - mid));
        double anchor = best >= 0 ? _critical[best] : 0.0;
        return new Span(best, anchor, a - anchor, b - anchor);
    }

    public double MaxValue { get; }

    /// <summary>
    /// P(d &lt;= x, continuous part): on each monotone branch of g, the Gaussian measure of the z where g(z) &lt;= x.
    /// </summary>
    internal double DistributionAt(double x)
    {
        double sum = 0.0;
        foreach (var (a, b, ga, gb) in _branches)
        {
            if (x >= Math.Max(ga, gb)) sum += GaussianExpectation.Cdf(b) - GaussianExpectation.Cdf(a);
            else if (RootOnBranch(a, b, ga, gb, x) is double r)
                sum += gb >= ga ? GaussianExpectation.Cdf(r) - GaussianExpectation.Cdf(a) : GaussianExpectation.Cdf(b) - GaussianExpectation.Cdf(r);
        }
        return sum;
    }

    /// <summary>The z in (a, b) where g(z) = x on a monotone branch whose ends take ga and gb; null when x is not between them.</summary>
    private double? RootOnBranch(double a, double b, double ga, double gb, double x) =>
        (ga - x) * (gb - x) < 0.0 && RootFinder.TryBrent(t => RealG(t) - x, a, b, out double r, 1e-15, 1e-300) ? r : null;

    /// <summary>How many monotone branches g has.</summary>
    internal int BranchCount => _branches.Length;

    /// <summary>Real z on each monotone branch, evenly spaced over the part that carries mass (|z| &lt;= 8.5), and the branch ends.</summary>
    internal IEnumerable<double> BranchSamples(int perBranch)
    {
        foreach (var (branchA, branchB, _, _) in _branches)
        {
            double a = Math.Max(branchA, -SupportZ), b = Math.Min(branchB, SupportZ);
            if (!(b > a)) continue;
            for (int k = 0; k <= perBranch; k++) yield return a + (b - a) * k / perBranch;
        }
    }

    /// <summary>g(z) = phi'(sqrt(q) z)^2 at real z (the analytic side for SELU).</summary>
    public double RealG(double z)
    {
        double s = RealSlope(z);
        return s * s;
    }

    private double RealGPrime(double z)
    {
        var h = new Complex(_rootQ * z, 0.0);
        return (2.0 * _rootQ * _slope.Derivative(h) * _slope.SecondDerivative(h)).Real;
    }

    private double[] ScanGrid(double scale)
    {
        // Fine where g varies (|h| <= 60), coarser beyond, always within reach of the Gaussian.
        var grid = new List<double>();
        double window = Math.Min(MaxZ, 60.0 / _rootQ), fine = Math.Min(0.02, 0.05 * scale);
        for (double t = -MaxZ; t <= _zHi; t += Math.Abs(t) <= window ? fine : 0.02) grid.Add(t);
        return grid.ToArray();
    }

    private double RealSlope(double z) => _slope.Derivative(new Complex(_rootQ * z, 0.0)).Real;

    private (double[] Critical, int[] Signs, bool[] SlopeZero) CriticalPoints(double[] scan)
    {
        var critical = new List<double>();
        var signs = new List<int>();
        var zeros = new List<bool>();
        int last = 0;
        double lastT = scan[0];
        foreach (double t in scan)
        {
            int sign = Math.Sign(RealGPrime(t));
            if (sign == 0) continue;
            if (last != 0 && sign != last)
            {
                // phi' itself changes sign (a double zero of g) or phi'' does (an extreme of phi').
                bool slopeZero = Math.Sign(RealSlope(lastT)) * Math.Sign(RealSlope(t)) < 0;
                if (!RootFinder.TryBrent(slopeZero ? RealSlope : RealGPrime, lastT, t, out double root, 1e-16, 1e-300))
                    root = 0.5 * (lastT + t);
                critical.Add(root);
                signs.Add(last);
                zeros.Add(slopeZero);
            }
            last = sign;
            lastT = t;
        }
        signs.Add(last == 0 ? 1 : last);
        if (_zHi < MaxZ && (critical.Count == 0 || critical[^1] < _zHi))
        {
            // The end of the analytic side is where the bend returns to the axis.
            critical.Add(_zHi);
            signs.Add(signs[^1]);
            zeros.Add(false);
        }
        return (critical.ToArray(), signs.ToArray(), zeros.ToArray());
    }

    /// <summary>
    /// d(t) and d'(t) at t = Anchor + u: the bend's direction is the sign of g' between critical points; it vanishes
    /// linearly at each (distances to the anchor are u itself, exact).
    /// </summary>
    private (double D, double Slope) Bend(Span span, double u)
    {
        int n = _critical.Length;
        if (n == 0) return (_bend * _signs[0], 0.0);
        double t = span.Anchor + u;
        double From(int j) => j == span.AnchorIndex ? u : t - _critical[j];   // t - c_j
        // The interval: between _critical[j - 1] and _critical[j]. A span never straddles a critical point, so next to its
        // anchor the sign of u says which side it is on, also where t = c + u rounds to c itself.
        int j;
        if (span.AnchorIndex >= 0)
        {
            if (u == 0.0) return (0.0, _signs[Math.Min(span.AnchorIndex + 1, n)] / 3.0);
            j = u > 0.0 ? span.AnchorIndex + 1 : span.AnchorIndex;
        }
        else j = ~Array.BinarySearch(_critical, t);
        if (j < 0) return (0.0, 0.0);
        double sign = _signs[j], d = _bend, three = 3.0 * d;
        if (j == 0)
        {
            double p = -From(0), den = p + three;
            return (sign * d * p / den, -sign * d * three / (den * den));
        }
        if (j == n)
        {
            double p = From(n - 1), den = p + three;
            return (sign * d * p / den, sign * d * three / (den * den));
        }
        double left = From(j - 1), right = -From(j), w = _critical[j] - _critical[j - 1];
        double pp = left * right, dd = pp + three * w;
        return (sign * d * pp / dd, sign * d * three * w * (right - left) / (dd * dd));
    }

    private Complex PathG(double t, double fraction)
    {
        var span = SpanOf(t, t);
        var (d, _) = Bend(span, span.A);
        Complex s = SlopeAt(span, span.A, -fraction * d);
        return s * s;
    }

    private static readonly double[] ChordNodes, ChordWeights;

    static ContourStieltjes()
    {
        var rule = new MathNet.Numerics.Integration.GaussLegendreRule(0.0, 1.0, 10);
        ChordNodes = rule.Abscissas;
        ChordWeights = rule.Weights;
    }

    /// <summary>
    /// phi'(h) at h = sqrt(q) (t + i y), t = Anchor + u. Within a quarter unit of h of an anchor where phi' vanishes
    /// it is v int_0^1 phi''(r + s v) ds with v = h - r = sqrt(q) (u + i y): formed directly, phi' there is a difference
    /// of O(1) terms with an absolute error of 1e-16, which g = phi'^2 ~ zeta turns into a relative error of
    /// 1e-16/sqrt(zeta) in zeta - g as zeta goes to 0 (the spectrum's tail). The chord keeps g's relative accuracy, as
    /// if the zero sat exactly at the representable r.
    /// </summary>
    private Complex SlopeAt(in Span span, double u, double y)
    {
        if (span.AnchorIndex >= 0 && _slopeZero[span.AnchorIndex] && Math.Abs(_rootQ * u) <= 0.25)
        {
            double r = _rootQ * span.Anchor;
            var v = new Complex(_rootQ * u, _rootQ * y);
            Complex sum = 0.0;
            for (int k = 0; k < ChordNodes.Length; k++) sum += ChordWeights[k] * _slope.SecondDerivative(r + ChordNodes[k] * v);
            return v * sum;
        }
        return _slope.Derivative(new Complex(_rootQ * (span.Anchor + u), _rootQ * y));
    }

    /// <summary>Im g stays on the side that keeps zeta - g(z) off zero, halfway along the bend and at its end.</summary>
    private bool PathKeepsSide(double[] scan)
    {
        foreach (double t in scan)
        {
            var span = SpanOf(t, t);
            var (d, _) = Bend(span, span.A);
            if (d == 0.0) continue;
            foreach (double fraction in new[] { 0.5, 1.0 })
            {
                Complex g = PathG(t, fraction);
                if (g.Imaginary > 1e-13 * g.Magnitude) return false;
            }
        }
        return true;
    }

    private static double[] Breakpoints(List<double> points)
    {
        points.Sort();
        var result = new List<double>();
        foreach (double p in points)
            if (result.Count == 0 || p - result[^1] > 1e-12 * Math.Max(1.0, Math.Abs(p))) result.Add(p);
        return result.ToArray();
    }

    private Panel PanelOn(in Span span)
    {
        if (_cache.TryGetValue(span, out var cached)) return cached;
        var p = new Panel();
        double c = 0.5 * (span.A + span.B), h = 0.5 * (span.B - span.A);
        for (int i = 0; i < 15; i++)
        {
            // Node 0 is the centre; 2j+1 and 2j+2 are the pair at +-h Xk[j].
            int j = (i - 1) >> 1;
            double u = i == 0 ? c : (i & 1) == 1 ? c - h * AdaptiveGaussKronrod.Xk[j] : c + h * AdaptiveGaussKronrod.Xk[j];
            double kronrod = i == 0 ? AdaptiveGaussKronrod.Wk[7] : AdaptiveGaussKronrod.Wk[j];
            double gauss = i == 0 ? AdaptiveGaussKronrod.Wg[3] : (j & 1) == 1 ? AdaptiveGaussKronrod.Wg[j >> 1] : 0.0;
            var (d, dPrime) = Bend(span, u);
            Complex slope = SlopeAt(span, u, -d);
            Complex g = slope * slope;
            Complex w = h * ComplexFunctions.NormalPdf(new Complex(span.Anchor + u, -d)) * new Complex(1.0, -dPrime);
            p.Gr[i] = g.Real; p.Gi[i] = g.Imaginary;
            p.Kr[i] = kronrod * w.Real; p.Ki[i] = kronrod * w.Imaginary;
            p.Wr[i] = gauss * w.Real; p.Wi[i] = gauss * w.Imaginary;
        }
        if (_cache.Count < CacheLimit) _cache.TryAdd(span, p);
        return p;
    }

    /// <summary>The four sums (G, G', M, M') of one panel by Kronrod and by Gauss, the Kronrod sums of |f|, and their rounding.</summary>
    private struct Entry
    {
        public double K0r, K0i, K1r, K1i, K2r, K2i, K3r, K3i;
        public double G0r, G0i, G1r, G1i, G2r, G2i, G3r, G3i;
        public double A0, A1, A2, A3, N0, N1, N2, N3;
        public Span Span;
        public int Depth;
    }

    /// <summary>
    /// g carries an error of a few ulps, which 1/(zeta - g) magnifies by |g/(zeta - g)| (next to an edge of the support,
    /// where zeta - g cancels): refining below that rounding would only chase noise. The hot loop is in plain doubles
    /// (Complex division's scaling branches dominated); |.| is the L1 norm of real and imaginary parts, within sqrt 2.
    /// </summary>
    private static Entry Evaluate(Panel p, Complex zeta, Span span, int depth)
    {
        var e = new Entry { Span = span, Depth = depth };
        double zr = zeta.Real, zi = zeta.Imaginary;
        for (int i = 0; i < 15; i++)
        {
            double gr = p.Gr[i], gi = p.Gi[i];
            // inv = 1/(zeta - g): zeta - g spans 1e-300 to 1.
            var (ir, ii) = ComplexReciprocal.Of(zr - gr, zi - gi);
            // Kronrod: k = w inv; G += k, G' -= k inv, M += k g, M' -= k g inv.
            double kr = p.Kr[i] * ir - p.Ki[i] * ii, ki = p.Kr[i] * ii + p.Ki[i] * ir;
            double kir = kr * ir - ki * ii, kii = kr * ii + ki * ir;
            double kgr = kr * gr - ki * gi, kgi = kr * gi + ki * gr;
            double kgir = kgr * ir - kgi * ii, kgii = kgr * ii + kgi * ir;
            e.K0r += kr; e.K0i += ki; e.K1r -= kir; e.K1i -= kii; e.K2r += kgr; e.K2i += kgi; e.K3r -= kgir; e.K3i -= kgii;
            double wr = p.Wr[i], wi = p.Wi[i];
            if (wr != 0.0 || wi != 0.0)
            {
                double gwr = wr * ir - wi * ii, gwi = wr * ii + wi * ir;
                double gir = gwr * ir - gwi * ii, gii = gwr * ii + gwi * ir;
                double ggr = gwr * gr - gwi * gi, ggi = gwr * gi + gwi * gr;
                e.G0r += gwr; e.G0i += gwi; e.G1r -= gir; e.G1i -= gii; e.G2r += ggr; e.G2i += ggi;
                e.G3r -= ggr * ir - ggi * ii; e.G3i -= ggr * ii + ggi * ir;
            }
            double m = Math.Abs(kr) + Math.Abs(ki), mi = Math.Abs(ir) + Math.Abs(ii), mg = Math.Abs(gr) + Math.Abs(gi);
            e.A0 += m; e.A1 += m * mi; e.A2 += m * mg; e.A3 += m * mg * mi;
            double rounding = 4e-16 * (1.0 + mg * mi);
            e.N0 += rounding * m; e.N1 += 2.0 * rounding * m * mi; e.N2 += rounding * m * mg; e.N3 += 2.0 * rounding * m * mg * mi;
        }
        return e;
    }

    private static bool Converged(in Entry e, double[] total)
    {
        static double D(double a, double b, double c, double d) => Math.Abs(a - c) + Math.Abs(b - d);
        return D(e.K0r, e.K0i, e.G0r, e.G0i) <= Math.Max(Tolerance * total[0], 10.0 * e.N0)
            && D(e.K1r, e.K1i, e.G1r, e.G1i) <= Math.Max(Tolerance * total[1], 10.0 * e.N1)
            && D(e.K2r, e.K2i, e.G2r, e.G2i) <= Math.Max(Tolerance * total[2], 10.0 * e.N2)
            && D(e.K3r, e.K3i, e.G3r, e.G3i) <= Math.Max(Tolerance * total[3], 10.0 * e.N3);
    }

    public StieltjesValues EvaluateWithMoment(Complex zeta)
    {
        // Breaks at the real roots of g = Re zeta, where the poles are: one per monotone branch that reaches it.
        var roots = new List<double>();
        foreach (var (a, b, ga, gb) in _branches)
            if (RootOnBranch(a, b, ga, gb, zeta.Real) is double r) roots.Add(r);

        var pending = new List<Entry>();
        var total = new double[4];
        int panels = 0;
        void Start(Span span)
        {
            var entry = Evaluate(PanelOn(span), zeta, span, 0);
            total[0] += entry.A0; total[1] += entry.A1; total[2] += entry.A2; total[3] += entry.A3;
            pending.Add(entry);
            panels++;
        }
        // A base panel holding a pole is halved around it until the pole's distance from the path (the bend there)
        // is at least a quarter of a panel: then no rule can step over it unseen. The halves stay dyadic, so cached.
        void StartAround(Span span, double root, int depth)
        {
            double a = span.Anchor + span.A, b = span.Anchor + span.B;
            if (depth >= 40 || !(root > a && root < b) || 4.0 * Math.Abs(Bend(span, root - span.Anchor).D) >= b - a)
            {
                Start(span);
                return;
            }
            double mid = 0.5 * (span.A + span.B);
            StartAround(span with { B = mid }, root, depth + 1);
            StartAround(span with { A = mid }, root, depth + 1);
        }
        // Next to a critical point c the poles sit about sqrt(|zeta - g(c)| / (|g''(c)|/2)) from it (|zeta - g(c)|/|g'(c)|
        // at SELU's end): a panel ending at c is halved toward it until it is within four such distances, whatever the
        // global scale of |f| already is (the rule's nodes would see neither pole, and agree on the wrong answer).
        void StartToward(Span span, int depth)
        {
            int j = span.AnchorIndex;
            double gap = (zeta - _criticalValue[j]).Magnitude;
            double reach = double.PositiveInfinity;
            if (_criticalCurvature[j] > 0.0) reach = Math.Sqrt(gap / _criticalCurvature[j]);
            if (_criticalSlope[j] > 0.0) reach = Math.Min(reach, gap / _criticalSlope[j]);
            double width = span.B - span.A;
            if (depth >= MaxDepth || !(width > 4.0 * reach))
            {
                Start(span);
                return;
            }
            double mid = 0.5 * (span.A + span.B);
            if (span.A == 0.0)
            {
                StartToward(span with { B = mid }, depth + 1);
                Start(span with { A = mid });
            }
            else
            {
                Start(span with { B = mid });
                StartToward(span with { A = mid }, depth + 1);
            }
        }
        int next = 0;
        for (int i = 0; i < _base.Length; i++)
        {
            var span = _base[i];
            double a = span.Anchor + span.A, b = span.Anchor + span.B;
            while (next < roots.Count && roots[next] <= a) next++;
            if (next < roots.Count && roots[next] < b) StartAround(span, roots[next], 0);
            else if (span.AnchorIndex >= 0 && (span.A == 0.0 || span.B == 0.0)) StartToward(span, 0);
            else Start(span);
        }
        double sr0 = 0, si0 = 0, sr1 = 0, si1 = 0, sr2 = 0, si2 = 0, sr3 = 0, si3 = 0;
        while (pending.Count > 0)
        {
            var entry = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (entry.Depth >= MaxDepth || panels >= PanelBudget || Converged(entry, total))
            {
                sr0 += entry.K0r; si0 += entry.K0i; sr1 += entry.K1r; si1 += entry.K1i;
                sr2 += entry.K2r; si2 += entry.K2i; sr3 += entry.K3r; si3 += entry.K3i;
                continue;
            }
            var s = entry.Span;
            double mid = 0.5 * (s.A + s.B);
            var left = Evaluate(PanelOn(s with { B = mid }), zeta, s with { B = mid }, entry.Depth + 1);
            var right = Evaluate(PanelOn(s with { A = mid }), zeta, s with { A = mid }, entry.Depth + 1);
            // The scale grows as refinement finds what the first pass missed.
            total[0] += Math.Max(0.0, left.A0 + right.A0 - entry.A0);
            total[1] += Math.Max(0.0, left.A1 + right.A1 - entry.A1);
            total[2] += Math.Max(0.0, left.A2 + right.A2 - entry.A2);
            total[3] += Math.Max(0.0, left.A3 + right.A3 - entry.A3);
            pending.Add(left);
            pending.Add(right);
            panels += 2;
        }
        Complex G = new(sr0, si0), DG = new(sr1, si1), M = new(sr2, si2), DM = new(sr3, si3);
        if (_atomMass > 0.0)
        {
            Complex inv = 1.0 / (zeta - _atomValue);
            G += _atomMass * inv;
            DG -= _atomMass * inv * inv;
            M += _atomMass * _atomValue * inv;
            DM -= _atomMass * _atomValue * inv * inv;
        }
        return new StieltjesValues(G, DG, M, DM);
    }
}
