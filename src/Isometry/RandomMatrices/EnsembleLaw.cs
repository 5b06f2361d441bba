using System;
using System.Numerics;
using Isometry.Numerics;

namespace Isometry.RandomMatrices;

/// <summary>The standard ensembles of the curriculum's random-matrix warm-ups (MATH.md section 6).</summary>
public enum Ensemble
{
    /// <summary>Symmetric N x N, H = (A + A^T)/sqrt(2N), A_ij ~ N(0, 1): off-diagonal variance 1/N; semicircle on [-2, 2].</summary>
    Wigner,
    /// <summary>W = X X^T / M, X an N x M matrix of N(0, 1) entries, ratio c = N/M: the Marchenko-Pastur law.</summary>
    MarchenkoPastur,
}

/// <summary>
/// A spectral law the free convolutions can take: its support, atom at 0, density, distribution function, exact moments
/// and Cauchy transform (with its derivative) off the support.
/// </summary>
public abstract class SpectralLaw
{
    /// <summary>The continuous part's support (or the range of the atoms).</summary>
    public abstract double Lower { get; }
    public abstract double Upper { get; }

    /// <summary>The atom at 0, 0 when there is none.</summary>
    public virtual double ZeroAtomMass => 0.0;

    /// <summary>The density of the continuous part (it integrates to 1 - ZeroAtomMass).</summary>
    public abstract double Density(double x);

    /// <summary>P(lambda &lt;= x), the atom included.</summary>
    public abstract double Cdf(double x);

    /// <summary>P(lambda &lt; x): the distribution function's left limit, below the atom at 0.</summary>
    public virtual double CdfBelow(double x) => x <= 0.0 && ZeroAtomMass > 0.0 ? 0.0 : Cdf(x);

    /// <summary>m_k = E[lambda^k] exactly (a combinatorial formula, not an integral).</summary>
    public abstract double Moment(int k);

    /// <summary>The Cauchy transform G(z) = E[1/(z - lambda)] for z off the support (the upper half plane and beyond).</summary>
    public abstract Complex Cauchy(Complex z);

    /// <summary>G'(z).</summary>
    public abstract Complex CauchyDerivative(Complex z);

    /// <summary>sqrt(z - a) sqrt(z - b) with principal roots: analytic off [a, b] and ~ z at infinity, the branch G needs.</summary>
    protected static Complex EdgeRoot(Complex z, double a, double b) => Complex.Sqrt(z - a) * Complex.Sqrt(z - b);

    /// <summary>The law's name in a convolution's description.</summary>
    public abstract string Label { get; }
}

/// <summary>
/// The limiting (N -> infinity) eigenvalue law of an ensemble in closed form: density, distribution function and exact
/// moments. An atom at 0 (Marchenko-Pastur with c &gt; 1) is carried apart from the density.
/// </summary>
public abstract class EnsembleLaw : SpectralLaw
{
    public abstract Ensemble Ensemble { get; }

    public override string Label => Ensemble.ToString();

    public static EnsembleLaw For(Ensemble ensemble, double ratio) =>
        ensemble == Ensemble.Wigner ? new SemicircleLaw() : new MarchenkoPasturLaw(ratio);

    /// <summary>C(n, k) as a double (exact below 2^53).</summary>
    internal static double Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0.0;
        double b = 1.0;
        for (int i = 1; i <= k; i++) b = b * (n - k + i) / i;
        return Math.Round(b);
    }
}

/// <summary>
/// The semicircle rho(x) = sqrt(4 - x^2) / (2 pi) on [-2, 2] (the curriculum's scaling: off-diagonal variance 1/N).
/// Moments: m_2k = C_k, the Catalan numbers; odd moments 0.
/// </summary>
public sealed class SemicircleLaw : EnsembleLaw
{
    public override Ensemble Ensemble => Ensemble.Wigner;
    public override double Lower => -2.0;
    public override double Upper => 2.0;

    public override double Density(double x) => Math.Abs(x) >= 2.0 ? 0.0 : Math.Sqrt((2.0 - x) * (2.0 + x)) / (2.0 * Math.PI);

    /// <summary>1/2 + x sqrt(4 - x^2)/(4 pi) + asin(x/2)/pi.</summary>
    public override double Cdf(double x) =>
        x <= -2.0 ? 0.0 : x >= 2.0 ? 1.0 : 0.5 + x * Math.Sqrt((2.0 - x) * (2.0 + x)) / (4.0 * Math.PI) + Math.Asin(0.5 * x) / Math.PI;

    public override double Moment(int k) => k % 2 == 1 ? 0.0 : Catalan(k / 2);

    /// <summary>G(z) = (z - sqrt(z - 2) sqrt(z + 2)) / 2.</summary>
    public override Complex Cauchy(Complex z) => 0.5 * (z - EdgeRoot(z, -2.0, 2.0));

    public override Complex CauchyDerivative(Complex z) => 0.5 * (1.0 - z / EdgeRoot(z, -2.0, 2.0));

    /// <summary>C_n = binom(2n, n) / (n + 1).</summary>
    public static double Catalan(int n) => Binomial(2 * n, n) / (n + 1);
}

/// <summary>
/// The Marchenko-Pastur law of X X^T / M at ratio c = N/M: rho(x) = sqrt((b - x)(x - a)) / (2 pi c x) on
/// [a, b] = [(1 - sqrt c)^2, (1 + sqrt c)^2], with an atom 1 - 1/c at 0 when c &gt; 1 (rank M &lt; N). Moments: the Narayana
/// polynomials m_k = sum_j N(k, j) c^(j-1), N(k, j) = binom(k, j) binom(k, j-1) / k.
/// </summary>
public sealed class MarchenkoPasturLaw : EnsembleLaw
{
    public MarchenkoPasturLaw(double ratio)
    {
        if (!(ratio > 0.0) || double.IsInfinity(ratio))
            throw new OutOfRangeException("RatioOutOfRange", $"The aspect ratio c = N/M must be a positive number; got {ratio}.");
        Ratio = ratio;
        double r = Math.Sqrt(ratio);
        Lower = (1.0 - r) * (1.0 - r);
        Upper = (1.0 + r) * (1.0 + r);
    }

    public double Ratio { get; }
    public override Ensemble Ensemble => Ensemble.MarchenkoPastur;
    public override double Lower { get; }
    public override double Upper { get; }
    public override double ZeroAtomMass => Ratio > 1.0 ? 1.0 - 1.0 / Ratio : 0.0;

    public override double Density(double x) =>
        x <= Lower || x >= Upper ? 0.0 : Math.Sqrt((Upper - x) * (x - Lower)) / (2.0 * Math.PI * Ratio * x);

    /// <summary>
    /// The atom plus the density's integral, in the angle x = (a + b)/2 + (b - a)/2 cos(theta), where the square-root
    /// edges become a smooth integrand ((b - a)/2)^2 sin^2(theta) / (2 pi c x).
    /// </summary>
    public override double Cdf(double x)
    {
        if (x < 0.0) return 0.0;
        if (x <= Lower) return ZeroAtomMass;
        if (x >= Upper) return 1.0;
        double mid = 0.5 * (Lower + Upper), half = 0.5 * (Upper - Lower);
        double theta = Math.Acos(Math.Clamp((x - mid) / half, -1.0, 1.0));
        double integral = AdaptiveGaussKronrod.Integrate(DensityInAngle, new[] { theta, Math.PI }, 1e-14);
        return ZeroAtomMass + integral;
    }

    /// <summary>
    /// rho(x) dx/dtheta at x = (a + b)/2 + (b - a)/2 cos(theta), written with half angles, x = a + (b - a) cos^2(theta/2), so
    /// that neither the square root nor x cancels at the lower edge (at c = 1, where a = 0, it stays smooth and finite).
    /// </summary>
    public double DensityInAngle(double theta)
    {
        double half = 0.5 * (Upper - Lower), sh = Math.Sin(0.5 * theta), ch = Math.Cos(0.5 * theta);
        double x = Lower + 2.0 * half * ch * ch;
        return half * half * 4.0 * sh * sh * ch * ch / (2.0 * Math.PI * Ratio * x);
    }

    /// <summary>The x of an angle of <see cref="DensityInAngle"/>.</summary>
    public double AtAngle(double theta)
    {
        double ch = Math.Cos(0.5 * theta);
        return Lower + (Upper - Lower) * ch * ch;
    }

    /// <summary>G(z) = (z - 1 + c - sqrt(z - a) sqrt(z - b)) / (2 c z); its pole at 0 is the atom (c &gt; 1).</summary>
    public override Complex Cauchy(Complex z) => (z - 1.0 + Ratio - EdgeRoot(z, Lower, Upper)) / (2.0 * Ratio * z);

    public override Complex CauchyDerivative(Complex z)
    {
        Complex root = EdgeRoot(z, Lower, Upper);
        Complex dRoot = (z - 0.5 * (Lower + Upper)) / root;
        return ((1.0 - dRoot) * z - (z - 1.0 + Ratio - root)) / (2.0 * Ratio * z * z);
    }

    public override string Label => $"MarchenkoPastur({Ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    public override double Moment(int k)
    {
        if (k == 0) return 1.0;
        double sum = 0.0;
        for (int j = k; j >= 1; j--) sum = sum * Ratio + Binomial(k, j) * Binomial(k, j - 1) / k;
        return sum;
    }
}

/// <summary>
/// Atoms at 0 and at c, of masses 1 - p and p: the law of sw^2 d for a piecewise-linear activation, whose D^2 is
/// Bernoulli(p) on {0, 1} (p the linear fraction). Its free product with Marchenko-Pastur(1) is the spectrum of one
/// layer's J J^T = D W W^T D with Gaussian W, as the Jacobian spectrum solver computes it.
/// </summary>
public sealed class TwoPointLaw : SpectralLaw
{
    public TwoPointLaw(double p, double value)
    {
        if (!(p > 0.0 && p <= 1.0)) throw new OutOfRangeException("FractionOutOfRange", $"The mass p must lie in (0, 1]; got {p}.");
        if (!(value > 0.0) || double.IsInfinity(value)) throw new OutOfRangeException("ValueOutOfRange", $"The atom's value must be positive; got {value}.");
        P = p;
        Value = value;
    }

    public double P { get; }
    public double Value { get; }
    public override double Lower => 0.0;
    public override double Upper => Value;
    public override double ZeroAtomMass => 1.0 - P;
    public override double Density(double x) => 0.0;
    public override double Cdf(double x) => x < 0.0 ? 0.0 : x < Value ? 1.0 - P : 1.0;
    public override double Moment(int k) => k == 0 ? 1.0 : P * Math.Pow(Value, k);
    public override Complex Cauchy(Complex z) => (1.0 - P) / z + P / (z - Value);
    public override Complex CauchyDerivative(Complex z) => -(1.0 - P) / (z * z) - P / ((z - Value) * (z - Value));

    public override string Label => string.Format(System.Globalization.CultureInfo.InvariantCulture, "TwoPoint(p={0:G6}, {1:G6})", P, Value);
}
