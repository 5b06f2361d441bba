using System;

namespace Isometry.Numerics;

/// <summary>Bracketed root finders that never leave their bracket and say when they fail.</summary>
public static class RootFinder
{
    /// <summary>
    /// Newton's method safeguarded by bisection on [lo, hi], where g(lo) and g(hi) have opposite signs.
    /// Returns false when <paramref name="maxIterations"/> pass without convergence.
    /// </summary>
    public static bool TryNewtonBisection(Func<double, (double Value, double Derivative)> g, double lo, double hi,
        double start, out double root, double relativeTolerance = 4e-16, int maxIterations = 200)
    {
        var (glo, _) = g(lo);
        if (glo == 0.0) { root = lo; return true; }
        double signLo = Math.Sign(glo);
        // The start may be an end of the bracket (an upper bracket from monotone iteration is the best Newton start there is).
        double x = start >= lo && start <= hi ? start : 0.5 * (lo + hi);
        for (int i = 0; i < maxIterations; i++)
        {
            var (gx, dg) = g(x);
            if (gx == 0.0) { root = x; return true; }
            if (Math.Sign(gx) == signLo) lo = x; else hi = x;
            double next = x - gx / dg;
            bool newtonOk = double.IsFinite(next) && next > lo && next < hi;
            if (!newtonOk) next = 0.5 * (lo + hi);
            double tol = relativeTolerance * Math.Max(Math.Abs(next), double.Epsilon);
            if (Math.Abs(next - x) <= tol || hi - lo <= tol)
            {
                root = next;
                return true;
            }
            x = next;
        }
        root = x;
        return false;
    }

    /// <summary>
    /// Brent's method (inverse quadratic interpolation, secant and bisection) on a sign-changing bracket.
    /// Returns false when <paramref name="maxIterations"/> pass without convergence.
    /// </summary>
    public static bool TryBrent(Func<double, double> f, double a, double b, out double root,
        double relativeTolerance = 4e-16, double absoluteTolerance = 0.0, int maxIterations = 200)
    {
        double fa = f(a), fb = f(b);
        if (fa == 0.0) { root = a; return true; }
        if (fb == 0.0) { root = b; return true; }
        if (Math.Sign(fa) == Math.Sign(fb)) { root = double.NaN; return false; }
        double c = a, fc = fa, d = b - a, e = d;
        for (int i = 0; i < maxIterations; i++)
        {
            if (Math.Sign(fb) == Math.Sign(fc)) { c = a; fc = fa; d = b - a; e = d; }
            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }
            double tol = 2.0 * relativeTolerance * Math.Abs(b) + 0.5 * absoluteTolerance;
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0.0) { root = b; return true; }
            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double s = fb / fa, p, q;
                if (a == c)
                {
                    p = 2.0 * m * s;
                    q = 1.0 - s;
                }
                else
                {
                    double r = fb / fc;
                    q = fa / fc;
                    p = s * (2.0 * m * q * (q - r) - (b - a) * (r - 1.0));
                    q = (q - 1.0) * (r - 1.0) * (s - 1.0);
                }
                if (p > 0) q = -q; else p = -p;
                if (2.0 * p < Math.Min(3.0 * m * q - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else { d = m; e = d; }
            }
            else { d = m; e = d; }
            a = b; fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = f(b);
        }
        root = b;
        return false;
    }
}
