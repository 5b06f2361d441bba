using System;
using System.Numerics;
using Isometry.Numerics;

namespace Isometry.RandomMatrices;

/// <summary>
/// The free multiplicative convolution A ⊠ B of two laws on [0, inf): the limiting spectrum of A^(1/2) B A^(1/2) for free A
/// and B (for Wishart matrices, of the product of their square roots' Gram matrices, such as the J J^T of a two-layer
/// linear network). Moments exactly: S-transforms multiply, S(m) = (1 + m)/(m psi^-1(m)), by power-series reversion.
/// The density by multiplicative subordination: with psi(z) = G(1/z)/z - 1 and eta = psi/(1 + psi), eta_AB(z) =
/// eta_A(omega(z)) where omega = z h_B(z h_A(omega)), h(z) = eta(z)/z; omega is followed by Newton's method from far off
/// the axis onto it, as for <see cref="FreeSum"/>, and G_AB(x + i0) = 1/(w (1 - eta_AB(1/w))) at w = x + i0.
/// </summary>
public sealed class FreeProduct : FreeConvolution
{
    private const int Order = 12;
    private readonly SpectralLaw _a, _b;
    private readonly double[] _moments;

    public FreeProduct(SpectralLaw a, SpectralLaw b)
    {
        if (a.Lower < 0.0 || b.Lower < 0.0 || !(a.Moment(1) > 0.0) || !(b.Moment(1) > 0.0))
            throw new NoSolutionException("NotPositive",
                $"A free product needs two laws on [0, infinity) with a positive mean (Marchenko-Pastur); {a.Label} or {b.Label} is not.");
        _a = a;
        _b = b;
        var sa = SCoefficients(a);
        var sb = SCoefficients(b);
        _moments = MomentsFromS(PowerSeries.Multiply(sa, sb, Order));
        Upper = a.Upper * b.Upper;
        ZeroAtomMass = Math.Max(a.ZeroAtomMass, b.ZeroAtomMass);
    }

    public override string Label => $"{_a.Label} x {_b.Label}";
    public override double Lower => 0.0;
    public override double Upper { get; }

    /// <summary>The atom at 0: the larger of the two (the product's rank is the smaller rank).</summary>
    public override double ZeroAtomMass { get; }

    /// <summary>m_k (k up to 11), exact.</summary>
    public override double Moment(int k) => _moments[k];

    /// <summary>S(m) as a power series in m: (1 + m) psi^-1(m) / m.</summary>
    private static double[] SCoefficients(SpectralLaw law)
    {
        var psi = new double[Order + 1];
        for (int k = 1; k <= Order; k++) psi[k] = law.Moment(k);
        var chi = PowerSeries.Revert(psi, Order + 1);
        // chi(m)/m = chi_1 + chi_2 m + ...; times (1 + m).
        var chiOverM = new double[Order];
        for (int k = 0; k < Order; k++) chiOverM[k] = chi[k + 1];
        var onePlusM = new double[Order];
        onePlusM[0] = 1.0;
        if (Order > 1) onePlusM[1] = 1.0;
        // S = (1 + m) / (m chi^-1...) in this file's convention: S(m) = (1 + m)/m * chi(m), chi = psi^-1.
        return PowerSeries.Multiply(chiOverM, onePlusM, Order);
    }

    /// <summary>Moments from an S-transform series: chi(m) = S(m) m/(1 + m), psi = chi^-1.</summary>
    private static double[] MomentsFromS(double[] s)
    {
        var overOnePlus = new double[Order];
        for (int k = 0; k < Order; k++) overOnePlus[k] = k % 2 == 0 ? 1.0 : -1.0;
        var sOver = PowerSeries.Multiply(s, overOnePlus, Order);
        var chi = new double[Order + 1];
        for (int k = 0; k < Order; k++) chi[k + 1] = sOver[k];
        var psi = PowerSeries.Revert(chi, Order + 1);
        var m = new double[Order + 1];
        m[0] = 1.0;
        for (int k = 1; k < Order; k++) m[k] = psi[k];
        return m;
    }

    private static (Complex Value, Complex Derivative) Eta(SpectralLaw law, Complex z)
    {
        Complex w = 1.0 / z;
        Complex g = law.Cauchy(w), dg = law.CauchyDerivative(w);
        Complex psi = g * w - 1.0;
        Complex dpsi = -(g + dg * w) / (z * z);
        Complex onePlus = 1.0 + psi;
        return (psi / onePlus, dpsi / (onePlus * onePlus));
    }

    private static (Complex Value, Complex Derivative) H(SpectralLaw law, Complex z)
    {
        var (eta, deta) = Eta(law, z);
        return (eta / z, deta / z - eta / (z * z));
    }

    protected override (Complex Phi, Complex Slope) Subordination(Complex z, Complex omega)
    {
        var (ha, dha) = H(_a, omega);
        var (hb, dhb) = H(_b, z * ha);
        return (omega - z * hb, 1.0 - z * dhb * z * dha);
    }

    /// <summary>omega lives in the upper half plane; Newton is kept there.</summary>
    protected override double OmegaFloor(Complex z) => 0.0;

    /// <summary>G(x + i0) of the product for x &gt; 0.</summary>
    public Complex CauchyOnAxis(double x)
    {
        // w = x - i eta below the axis maps to z = 1/w above it, where omega lives; G(x + i0) is the conjugate of G(x - i0).
        Complex omega = FollowToAxis(eta => 1.0 / new Complex(x, -eta), Math.Max(1.0, Upper));
        var (eta0, _) = Eta(_a, omega);
        // psi = G(1/z)/z - 1 and psi = eta/(1 - eta): G(w) = 1/(w (1 - eta(1/w))).
        Complex gBelow = 1.0 / (x * (1.0 - eta0));
        return Complex.Conjugate(gBelow);
    }

    public override double Density(double x)
    {
        if (x <= 0.0) return 0.0;
        double d = -CauchyOnAxis(x).Imaginary / Math.PI;
        if (!double.IsFinite(d)) throw new NotConvergedException("FreeProductNotConverged", $"The density of {Label} is not finite at {x}.");
        return Math.Max(0.0, d);
    }
}
