using System;

namespace Isometry.Numerics;

/// <summary>
/// Adaptive Gauss-Kronrod (G7/K15) quadrature on a finite interval.
/// </summary>
/// <remarks>
/// The raw |K15 - G7| difference is used as the error estimate. It overstates the error of K15 by orders of
/// magnitude, which costs some extra panels but makes the 1e-12 relative target of MATH.md dependable.
/// </remarks>
public static class AdaptiveGaussKronrod
{
    // Abscissae of the 15-point Kronrod rule on [-1, 1] (non-negative half, descending to the centre).
    internal static readonly double[] Xk =
    {
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0.0,
    };

    internal static readonly double[] Wk =
    {
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
    };

    // Weights of the embedded 7-point Gauss rule at the odd Kronrod abscissae (indices 1, 3, 5, 7).
    internal static readonly double[] Wg =
    {
        0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
        0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
    };

    private const int MaxDepth = 48;

    /// <summary>
    /// Panels one integral may refine. An integrand whose noise sits above the tolerance (an inner quadrature's
    /// rounding, say) would otherwise be bisected to MaxDepth on every branch: 2^48 panels, a hang.
    /// </summary>
    private const int PanelBudget = 100_000;

    private const double SubnormalFloor = 1e-300;

    /// <summary>One K15 panel: the Kronrod value, the error estimate and the integral of |f|.</summary>
    public static (double Value, double Error, double AbsValue) Panel(Func<double, double> f, double a, double b)
    {
        double c = 0.5 * (a + b), h = 0.5 * (b - a);
        double fc = f(c);
        double k = Wk[7] * fc, g = Wg[3] * fc, abs = Wk[7] * Math.Abs(fc);
        for (int j = 0; j < 7; j++)
        {
            double dx = h * Xk[j];
            double f1 = f(c - dx), f2 = f(c + dx);
            k += Wk[j] * (f1 + f2);
            abs += Wk[j] * (Math.Abs(f1) + Math.Abs(f2));
            if ((j & 1) == 1) g += Wg[j >> 1] * (f1 + f2);
        }
        return (k * h, Math.Abs((k - g) * h), abs * Math.Abs(h));
    }

    /// <summary>
    /// Integrates f over consecutive panels between sorted breakpoints, refining each until the total error
    /// estimate is below <paramref name="relativeTolerance"/> times the integral of |f|, or below
    /// <paramref name="absoluteTolerance"/> (the noise floor of an integrand that is itself computed).
    /// </summary>
    /// <exception cref="NotConvergedException">The error estimate did not fall within the panel budget.</exception>
    public static double Integrate(Func<double, double> f, ReadOnlySpan<double> breakpoints, double relativeTolerance,
        double absoluteTolerance = 0.0)
    {
        int n = breakpoints.Length - 1;
        if (n < 1) return 0.0;
        Span<double> values = n <= 256 ? stackalloc double[n] : new double[n];
        Span<double> errors = n <= 256 ? stackalloc double[n] : new double[n];
        Span<double> contents = n <= 256 ? stackalloc double[n] : new double[n];
        double l1 = 0.0;
        for (int i = 0; i < n; i++)
        {
            var p = Panel(f, breakpoints[i], breakpoints[i + 1]);
            values[i] = p.Value;
            errors[i] = p.Error;
            contents[i] = p.AbsValue;
            l1 += p.AbsValue;
        }
        if (l1 == 0.0 || double.IsNaN(l1)) return l1 == 0.0 ? 0.0 : double.NaN;
        double tolerance = Math.Max(relativeTolerance * l1, absoluteTolerance);
        double total = 0.0, span = breakpoints[n] - breakpoints[0];
        int budget = PanelBudget;
        for (int i = 0; i < n; i++)
        {
            double a = breakpoints[i], b = breakpoints[i + 1];
            // Each panel's share of the tolerance: by its width or by its content, whichever is larger, so a panel
            // 1e-20 wide that carries the whole integral (a feature at q = 1e40) is not asked for 1e-20 of the
            // tolerance (the shares add up to at most twice the tolerance).
            double panelTolerance = tolerance * Math.Max((b - a) / span, contents[i] / l1);
            total += errors[i] <= panelTolerance ? values[i] : Refine(f, a, b, values[i], errors[i], panelTolerance, 0, ref budget);
        }
        return total;
    }

    private static double Refine(Func<double, double> f, double a, double b, double value, double error, double tolerance, int depth,
        ref int budget)
    {
        // The round-off floors: a panel cannot be resolved below a few ulps of its own content, nor below the
        // normal double range, where an integrand that underflows into subnormals has no digits left to refine.
        if (error <= tolerance || depth >= MaxDepth || error <= 1e-15 * Math.Abs(value) || error <= SubnormalFloor) return value;
        if ((budget -= 2) < 0)
            throw new NotConvergedException("QuadratureNotConverged",
                $"An expectation did not converge within {PanelBudget} quadrature panels (error {error:G3} near [{a:G6}, {b:G6}]).");
        double m = 0.5 * (a + b);
        var left = Panel(f, a, m);
        var right = Panel(f, m, b);
        double half = 0.5 * tolerance;
        return Refine(f, a, m, left.Value, left.Error, half, depth + 1, ref budget)
             + Refine(f, m, b, right.Value, right.Error, half, depth + 1, ref budget);
    }
}
