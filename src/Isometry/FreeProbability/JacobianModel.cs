using System;
using System.Numerics;
using Isometry.Numerics;

namespace Isometry.FreeProbability;

/// <summary>
/// The free-probability model of J J^T for a depth-L network (MATH.md section 4):
/// S_JJ^T = S_WW^T^L S_D^2^L, so M^-1(m) = (1 + m)/m [1/(S_WW^T(m) S_D^2(m))]^L.
/// </summary>
/// <remarks>
/// Everything is carried as log M^-1(m) = a log(1 + m) - log m + L log(m zeta(m)) + L log sw^2, with a = 1 for
/// Gaussian weights and 1 - L for orthogonal ones, so depth 10,000 neither overflows sw^(2L) nor loses a branch.
/// </remarks>
public sealed class JacobianModel
{
    public JacobianModel(WeightInit init, DiagonalLaw law, double weightStd, int depth)
    {
        if (depth < 1) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Depth must be at least 1.");
        if (!(weightStd > 0.0) || double.IsInfinity(weightStd))
            throw new ArgumentOutOfRangeException(nameof(weightStd), weightStd, "WeightStd must be finite and positive for a Jacobian spectrum.");
        Init = init;
        Law = law;
        WeightStd = weightStd;
        Depth = depth;
        A = init == WeightInit.Gaussian ? 1.0 : 1.0 - depth;
        LogScale = depth * 2.0 * Math.Log(weightStd);
    }

    public WeightInit Init { get; }
    public DiagonalLaw Law { get; }
    public double WeightStd { get; }
    public int Depth { get; }

    /// <summary>The exponent of (1 + m): 1 (Gaussian) or 1 - L (orthogonal).</summary>
    public double A { get; }

    /// <summary>L log sw^2 = log sw^(2L).</summary>
    public double LogScale { get; }

    /// <summary>
    /// log M^-1 at the law's curve parameter u (see <see cref="DiagonalLaw.At"/>), its derivative in u, y = m - Anchor and
    /// dy/du.
    /// </summary>
    public (Complex Value, Complex Derivative, Complex Y, Complex DY) LogInverseMAt(Complex u)
    {
        double anchor = Law.Anchor;
        var p = Law.At(u);
        Complex m = p.M, onePlusM = p.Y + (1.0 + anchor);
        Complex value;
        if (p.LogZeta is Complex logZeta)
        {
            // a log(1 + m) + (L - 1) log m + L log zeta: for orthogonal weights (a = 1 - L) the two logarithms are one,
            // (L - 1) log(m / (1 + m)) (a branch apart only by multiples of 2 pi i, which the residual drops).
            value = Init == WeightInit.Orthogonal
                ? (Depth - 1.0) * Numerics.ComplexMath.Log(m / onePlusM) + Depth * logZeta + LogScale
                : Numerics.ComplexMath.Log(onePlusM) + (Depth - 1.0) * Numerics.ComplexMath.Log(m) + Depth * logZeta + LogScale;
        }
        else
            value = A * Numerics.ComplexMath.Log(onePlusM) - Numerics.ComplexMath.Log(m) + Depth * p.LogMZeta!.Value + LogScale;
        var derivative = (A / onePlusM - 1.0 / m) * p.DY + Depth * p.DLogMZeta;
        return (value, derivative, p.Y, p.DY);
    }

    /// <summary>
    /// lim log M^-1(m) as m -> infinity for orthogonal weights and a Bernoulli law: log (sw^2 c)^L, where the atom of
    /// the directions unsaturated through every layer sits. Null otherwise.
    /// </summary>
    public double? LogTopAtom => Init == WeightInit.Orthogonal && Law is BernoulliLaw b ? LogScale + Depth * Math.Log(b.Scale) : null;

    /// <summary>log m_1 = L log(sw^2 mu_1).</summary>
    public double LogMean => Depth * (2.0 * Math.Log(WeightStd) + Math.Log(Law.Moments(1)[1]));

    /// <summary>
    /// m_k / m_1^k for k = 1..order by Lagrange inversion: m_k = (1/k) [m^(k-1)] ((1 + m)/S(m))^k, with
    /// (1 + m)/S = m_1 (1 + m)^(1 + L(g - 1)) (h(m)/mu_1)^L and h(m) = m zeta(m) from reverting M_D.
    /// </summary>
    public double[] NormalizedMoments(int order)
    {
        if (order < 1) throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be at least 1.");
        int n = order + 1;
        var mu = Law.Moments(order);
        // w(m) = 1/zeta(m) reverts M_D(w) = sum_k mu_k w^k; then h = m / w(m).
        var md = new double[n];
        for (int k = 1; k < n; k++) md[k] = mu[k];
        var w = PowerSeries.Revert(md, n + 1);
        var wOverM = new double[n];
        for (int k = 0; k < n; k++) wOverM[k] = w[k + 1];
        var h = PowerSeries.Reciprocal(wOverM, n);
        var hNorm = new double[n];
        for (int k = 0; k < n; k++) hNorm[k] = h[k] / mu[1];
        var logH = PowerSeries.Log(hNorm, n);
        var log1p = PowerSeries.Log1p(n);
        double g = Init == WeightInit.Gaussian ? 1.0 : 0.0;
        var logF = new double[n];
        for (int k = 0; k < n; k++) logF[k] = (1.0 + Depth * (g - 1.0)) * log1p[k] + Depth * logH[k];
        var c = new double[n];
        for (int k = 1; k <= order; k++)
        {
            var scaled = new double[k];
            for (int j = 0; j < k; j++) scaled[j] = k * logF[j];
            c[k] = PowerSeries.Exp(scaled, k)[k - 1] / k;
        }
        return c;
    }

    /// <summary>Exact moments m_1..m_order (index k holds m_k; index 0 holds 1).</summary>
    public double[] Moments(int order)
    {
        var c = NormalizedMoments(order);
        double logMean = LogMean;
        var m = new double[order + 1];
        m[0] = 1.0;
        for (int k = 1; k <= order; k++) m[k] = Math.Exp(k * logMean) * c[k];
        return m;
    }
}
