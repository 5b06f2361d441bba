using System;
using System.Numerics;
using Isometry.Activations;
using Isometry.Numerics;

namespace Isometry.FreeProbability;

/// <summary>
/// The Stieltjes transform G(zeta) = E[1/(zeta - d)] of the law of d = phi'(sqrt(q) z)^2, z ~ N(0, 1), and G'(zeta),
/// for zeta anywhere off the support [0, phi'(0)^2] and on it from above (zeta + i0).
/// </summary>
/// <remarks>
/// G = 2 int_0^inf pdf(z) / (zeta - g(z)) dz with g(z) = Gamma(q z^2). When zeta is near the support the integrand has a
/// pole z0 next to the real axis (g(z0) = zeta), and its mirror -z0; a fixed rule then sees single nodes, which is why
/// Jacobian densities were out of reach. Here both are subtracted in the variable s = z^2, where the integrand is
/// analytic except at s0 = z0^2: the model c/(z^2 - s0) (and its square for G') has exactly the integrand's principal
/// part at +-z0 and a closed-form integral, and stays well conditioned when the two poles merge at z = 0 (zeta at the top
/// of the support). What is left is analytic near the real axis and a composite 16-point Gauss-Legendre rule on panels
/// narrower than the distance to the next root of g(z) = zeta integrates it to rounding. Panel data on the standard mesh
/// are cached; panels near the pole are split further where g changes fast (Erf at large q).
/// </remarks>
public sealed class SquaredSlopeStieltjes : ISquaredSlopeTransform
{
    /// <summary>pdf(z) underflows beyond here; nothing past it can matter while |zeta| stays above 1e-280.</summary>
    private const double MaxZ = 40.0;

    private const int Order = GaussLegendrePanel.Order;
    private const int MaxSplit = 12;

    private readonly IAnalyticSquaredSlope _slope;
    private readonly double _q, _rootQ, _h;
    /// <summary>Panel data by standard panel and split level, built on first use.</summary>
    private readonly Panel?[,] _cache;

    /// <summary>Per standard panel: the larger |d log g/dz| of its ends, and log g at both ends (zeta-free).</summary>
    private readonly (double Rate, double LogA, double LogB)[] _edges;

    private sealed record Panel(double[] X2, double[] Weight, double[] PdfWeight, double[] G);

    public SquaredSlopeStieltjes(IAnalyticSquaredSlope slope, double q)
    {
        if (!(q > 0.0) || double.IsInfinity(q)) throw new ArgumentOutOfRangeException(nameof(q), q, "q must be finite and positive.");
        _slope = slope;
        _q = q;
        _rootQ = Math.Sqrt(q);
        // Standard panel width: half a unit of z (the Gaussian's own scale), and less than half the distance from the
        // real axis to the nearest singularity of g, which sits at SingularityDistance / sqrt(q) in z.
        _h = Math.Min(0.5, 0.5 * slope.SingularityDistance / _rootQ);
        MaxValue = Math.Exp(slope.LogSquaredSlope(0.0));
        _edges = new (double, double, double)[(int)Math.Ceiling(MaxZ / _h)];
        _cache = new Panel?[_edges.Length, MaxSplit + 1];
        for (int i = 0; i < _edges.Length; i++)
        {
            double a = _rootQ * i * _h, b = _rootQ * (i + 1) * _h;
            double rate = _rootQ * Math.Max(Math.Abs(slope.LogSquaredSlopeRate(a)), Math.Abs(slope.LogSquaredSlopeRate(b)));
            _edges[i] = (rate, slope.LogSquaredSlope(a), slope.LogSquaredSlope(b));
        }
    }

    /// <summary>The top of the support: phi'(0)^2.</summary>
    public double MaxValue { get; }

    /// <summary>g(z) = phi'(sqrt(q) z)^2 at real z.</summary>
    public double SquaredSlopeAt(double z) => Math.Exp(_slope.LogSquaredSlope(_rootQ * z));

    /// <summary>d/dz log g(z) at real z.</summary>
    public double LogSquaredSlopeRateAt(double z) => _rootQ * _slope.LogSquaredSlopeRate(_rootQ * z);

    /// <summary>The density of d at t in (0, phi'(0)^2): 2 pdf(z)/|g'(z)| at the z &gt; 0 where g(z) = t.</summary>
    public double Density(double t)
    {
        double z = Math.Sqrt(_slope.SolveSquaredSlope(t).Real / _q);
        return 2.0 * Numerics.GaussianExpectation.Pdf(z) / Math.Abs(LogSquaredSlopeRateAt(z) * t);
    }

    /// <summary>
    /// The logarithm of the density of d continued off the real axis, rho(zeta) = 2 pdf(z0)/(-g'(z0)) at the root z0 of
    /// g(z0) = zeta nearest the positive real axis: G jumps by -2 pi i rho across the support, so G + i pi rho is analytic
    /// across it (see <see cref="StieltjesCharts"/>). As a logarithm it keeps its digits where rho underflows (the law's
    /// far tail, rho near e^-700). Null where the root is not resolved (zeta at the top of the support, where z0 = 0).
    /// </summary>
    public Complex? LogContinuedDensity(Complex zeta)
    {
        Complex t0 = _slope.SolveSquaredSlope(zeta);
        Complex s0 = t0 / _q;
        // In s = z^2: g_s = q Gamma'(t) (negative on the support), and rho = 2 pdf(sqrt s)/(2 sqrt(s) (-g_s)).
        Complex gs = _q * _slope.SquaredSlopeDerivatives(t0, zeta).First;
        Complex log = Math.Log(Numerics.GaussianExpectation.InvSqrt2PiValue) - 0.5 * s0 - 0.5 * Complex.Log(s0) - Complex.Log(-gs);
        return Finite(log) ? log : null;
    }

    /// <summary>G(zeta) and G'(zeta). Im zeta must be &gt;= 0; a real zeta inside the support means zeta + i0.</summary>
    public (Complex Value, Complex Derivative) Evaluate(Complex zeta)
    {
        var t = EvaluateWithMoment(zeta);
        return (t.G, t.DG);
    }


    /// <summary>
    /// G, G', M_D = zeta G - 1 and M_D' from one pass. M_D is summed directly: as zeta grows, zeta G - 1 would cancel
    /// to m ~ mu_1/zeta and lose the digits that L log m needs at large depth.
    /// </summary>
    public StieltjesValues EvaluateWithMoment(Complex zeta)
    {
        // The pole: g(z0) = zeta, s0 = z0^2.
        Complex t0 = _slope.SolveSquaredSlope(zeta);
        Complex s0 = t0 / _q;
        Complex z0 = Complex.Sqrt(s0);
        // A pole a standard panel or more off the axis is harmless to the rule (its error is below 1e-19 of the
        // residue), and left alone: subtracting it would add and remove a model larger than the integral (at large
        // zeta, where m ~ mu_1/zeta is small) and cost digits that L log m cannot spare. It also halves the work.
        bool subtract = double.IsFinite(s0.Real) && double.IsFinite(s0.Imaginary)
            && z0.Real <= MaxZ + 2.0 && Math.Abs(z0.Imaginary) <= _h;
        // Principal parts: 2 pdf/(zeta - g) = c1/(s - s0) + analytic, -2 pdf/(zeta - g)^2 = a2/(s - s0)^2 + b2/(s - s0)
        // + analytic. As zeta -> 0, gamma1 ~ zeta and a2 ~ 1/zeta^2 overflows long before zeta a2 does, which is
        // all that M_D' needs; so zeta a2 and zeta b2 are formed directly (G' itself may then overflow, rightly).
        Complex c1 = 0, a2 = 0, b2 = 0, za2 = 0, zb2 = 0;
        if (subtract)
        {
            var (d1, d2) = _slope.SquaredSlopeDerivatives(t0, zeta);
            Complex gamma1 = _q * d1, gamma2 = _q * _q * d2;
            Complex pdf0 = 2.0 * Numerics.GaussianExpectation.InvSqrt2PiValue * Complex.Exp(-0.5 * s0);
            c1 = -pdf0 / gamma1;
            za2 = c1 * (zeta / gamma1);
            zb2 = -za2 * (0.5 + gamma2 / gamma1);
            a2 = za2 / zeta;
            b2 = zb2 / zeta;
            subtract = Finite(c1) && Finite(za2) && Finite(zb2);
            if (!subtract) c1 = a2 = b2 = za2 = zb2 = 0;
        }
        double logAbsZeta = Math.Log(zeta.Magnitude);
        // The subtracted pole still matters past the panels only while its weight is not negligible.
        double poleEnd = subtract ? z0.Real + 1.0 : 0.0;
        double poleSize = subtract ? c1.Magnitude * Math.PI / Math.Max(z0.Magnitude, 1e-300) : 0.0;

        // The hot loop in plain doubles: Complex division (with its scaling branches) dominated the cost.
        double zr = zeta.Real, zi = zeta.Imaginary, s0r = s0.Real, s0i = s0.Imaginary;
        double c1r = c1.Real, c1i = c1.Imaginary, a2r = a2.Real, a2i = a2.Imaginary, b2r = b2.Real, b2i = b2.Imaginary;
        double za2r = za2.Real, za2i = za2.Imaginary, zb2r = zb2.Real, zb2i = zb2.Imaginary;
        double sr = 0, si = 0, dr = 0, di = 0, mr = 0, mi = 0, dmr = 0, dmi = 0;
        double total = 0.0, lastPanel = double.PositiveInfinity;
        double end = 0.0;
        for (int i = 0; i < _edges.Length; i++)
        {
            double a = i * _h;
            int split = SplitFor(i, logAbsZeta);
            var panel = PanelAt(i, split);
            double panelAbs = 0.0;
            var x2 = panel.X2;
            var pw = panel.PdfWeight;
            var g = panel.G;
            var qw = panel.Weight;
            for (int k = 0; k < x2.Length; k++)
            {
                double gk = g[k], p = pw[k];
                // 1/(zeta - d) without forming |zeta - d|^2, which underflows for zeta near 1e-160.
                var (ir, ii) = Numerics.ComplexReciprocal.Of(zr - gk, zi);
                double tr = p * ir, ti = p * ii;                   // 2 pdf w/(zeta - d)
                panelAbs += Math.Abs(tr) + Math.Abs(ti);
                double vr = tr, vi = ti;
                double der = -(tr * ir - ti * ii), dei = -(tr * ii + ti * ir);
                // d/(zeta - d) and -d/(zeta - d)^2 = -(term)(d/(zeta - d)).
                double gir = gk * ir, gii = gk * ii;
                double mvr = tr * gk, mvi = ti * gk;
                double mdr = -(tr * gir - ti * gii), mdi = -(tr * gii + ti * gir);
                if (subtract)
                {
                    double xr = x2[k] - s0r, xd = xr * xr + s0i * s0i;
                    double rr = xr / xd, ri = s0i / xd;            // 1/(z^2 - s0)
                    double w = qw[k];
                    double pr = w * (c1r * rr - c1i * ri), pi = w * (c1r * ri + c1i * rr);
                    vr -= pr;
                    vi -= pi;
                    double ar = a2r * rr - a2i * ri + b2r, ai = a2r * ri + a2i * rr + b2i;
                    der -= w * (ar * rr - ai * ri);
                    dei -= w * (ar * ri + ai * rr);
                    mvr -= zr * pr - zi * pi;
                    mvi -= zr * pi + zi * pr;
                    double zar = za2r * rr - za2i * ri + zb2r, zai = za2r * ri + za2i * rr + zb2i;
                    mdr -= w * (zar * rr - zai * ri) + pr;
                    mdi -= w * (zar * ri + zai * rr) + pi;
                }
                sr += vr; si += vi;
                dr += der; di += dei;
                mr += mvr; mi += mvi;
                dmr += mdr; dmi += mdi;
            }
            total += panelAbs;
            end = a + _h;
            bool pastPole = end >= poleEnd || poleSize < 1e-18 * total;
            if (pastPole && panelAbs < 1e-18 * total && panelAbs <= lastPanel) break;
            lastPanel = panelAbs;
        }
        Complex sum = new(sr, si), dsum = new(dr, di), msum = new(mr, mi), dmsum = new(dmr, dmi);
        if (subtract)
        {
            var (j1, j2) = ModelIntegrals(z0, s0, end);
            sum += c1 * j1;
            dsum += a2 * j2 + b2 * j1;
            msum += zeta * c1 * j1;
            dmsum += za2 * j2 + zb2 * j1 + c1 * j1;
        }
        return new StieltjesValues(sum, dsum, msum, dmsum);
    }

    private static bool Finite(Complex x) => double.IsFinite(x.Real) && double.IsFinite(x.Imaginary);

    /// <summary>
    /// int_0^Z dz/(z^2 - s0) and int_0^Z dz/(z^2 - s0)^2 for s0 off [0, Z^2], or on it as the limit from s0 - i0
    /// (the side a zeta + i0 maps to).
    /// </summary>
    public static (Complex J1, Complex J2) ModelIntegrals(Complex z0, Complex s0, double Z)
    {
        // K = log(Z - z0) - log(-z0) - log(Z + z0) + log(z0); J1 = K/(2 z0), J2 = dJ1/ds0 = (z0 K' - K)/(4 z0^3).
        Complex jump = z0.Imaginary == 0.0 && z0.Real > 0.0 ? new Complex(0.0, -Math.PI) : Complex.Log(z0) - Complex.Log(-z0);
        Complex K = z0.Magnitude < 0.5 * Z
            ? -2.0 * Atanh(z0 / Z) + jump
            : Complex.Log(Z - z0) - Complex.Log(Z + z0) + jump;
        if (z0.Imaginary == 0.0 && z0.Real > Z)
        {
            // A real pole beyond the panels: the integrand is real there.
            K = new Complex(Math.Log((z0.Real - Z) / (z0.Real + Z)), 0.0);
        }
        Complex dK = -2.0 * Z / (Z * Z - s0);
        Complex j1 = K / (2.0 * z0);
        Complex j2 = (z0 * dK - K) / (4.0 * z0 * s0);
        return (j1, j2);
    }

    private static Complex Atanh(Complex x)
    {
        if (x.Magnitude < 1e-3)
        {
            Complex x2 = x * x;
            return x * (1.0 + x2 * (1.0 / 3.0 + x2 * (1.0 / 5.0 + x2 * (1.0 / 7.0))));
        }
        return 0.5 * (Complex.Log(1.0 + x) - Complex.Log(1.0 - x));
    }

    /// <summary>
    /// How many equal parts panel [a, b] needs. The roots of g(z) = zeta other than the subtracted one form a row
    /// log g = log zeta + 2 pi i k, about 2 pi / |d log g/dz| apart across the real axis; away from the pole the nearest
    /// is about |log g - log |zeta|| / |d log g/dz| away. A part's half-width stays under a quarter of that distance.
    /// </summary>
    private int SplitFor(int index, double logAbsZeta)
    {
        var (rate, la, lb) = _edges[index];
        if (rate * _h <= 3.0) return 0;
        la -= logAbsZeta;
        lb -= logAbsZeta;
        // Distance in log g from the pole row, at the nearer end (zero when the panel straddles it).
        double gap = la * lb <= 0.0 ? 0.0 : Math.Min(Math.Abs(la), Math.Abs(lb));
        double width = Math.Max(3.0, 0.5 * gap) / rate;
        int split = 0;
        while (_h / (1 << split) > width && split < MaxSplit) split++;
        return split;
    }

    private Panel PanelAt(int index, int split)
    {
        if (_cache[index, split] is { } p) return p;
        int parts = 1 << split;
        int n = parts * Order;
        var x2 = new double[n];
        var qw = new double[n];
        var pw = new double[n];
        var g = new double[n];
        double width = _h / parts;
        for (int part = 0; part < parts; part++)
        {
            double a = index * _h + part * width;
            for (int k = 0; k < Order; k++)
            {
                int j = part * Order + k;
                double z = a + 0.5 * width * (GaussLegendrePanel.Nodes[k] + 1.0);
                x2[j] = z * z;
                qw[j] = 0.5 * width * GaussLegendrePanel.Weights[k];
                pw[j] = qw[j] * 2.0 * Numerics.GaussianExpectation.Pdf(z);
                g[j] = Math.Exp(_slope.LogSquaredSlope(_rootQ * z));
            }
        }
        p = new Panel(x2, qw, pw, g);
        // Deep splits (Erf at large q*, next to the pole) are rare and large: only the shallow ones are kept, which
        // bounds the cache at a few megabytes.
        if (split <= 6) _cache[index, split] = p;
        return p;
    }
}
