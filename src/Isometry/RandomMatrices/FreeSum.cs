using System;
using System.Collections.Generic;
using System.Numerics;

namespace Isometry.RandomMatrices;

/// <summary>
/// The free additive convolution A ⊞ B of two ensemble laws: the limiting spectrum of A + U B U^T for Haar U (and of
/// independent rotation-invariant ensembles, such as a Wigner plus a Wishart matrix). Moments exactly, from free
/// cumulants, which add (the R-transforms add: R(w) = sum kappa_n w^(n-1)). The density by subordination: for z above
/// the real axis, G(z) = G_A(omega(z)) where omega solves omega = z + h_B(z + h_A(omega)), h(w) = 1/G(w) - w. Both
/// subordination functions extend continuously to the real axis, so omega is followed by Newton's method from far
/// above the axis down to it (each step starting from the last), and the density is -Im G_A(omega(x + i0)) / pi at
/// full precision, without the smoothing of a finite distance from the axis.
/// </summary>
public sealed class FreeSum : FreeConvolution
{
    private const int CumulantOrder = 12;
    private readonly SpectralLaw _a, _b;
    private readonly double[] _moments;

    public FreeSum(SpectralLaw a, SpectralLaw b)
    {
        _a = a;
        _b = b;
        var ka = Cumulants(Moments(a, CumulantOrder));
        var kb = Cumulants(Moments(b, CumulantOrder));
        var k = new double[CumulantOrder + 1];
        for (int n = 1; n <= CumulantOrder; n++) k[n] = ka[n] + kb[n];
        _moments = MomentsFromCumulants(k);
        // The sum's spectrum lies within the sum of the summands' ranges (atoms at 0 included).
        Lower = Math.Min(a.Lower, a.ZeroAtomMass > 0 ? 0.0 : a.Lower) + Math.Min(b.Lower, b.ZeroAtomMass > 0 ? 0.0 : b.Lower);
        Upper = a.Upper + b.Upper;
        // Atoms at 0 of masses p and q leave an atom of mass p + q - 1 at 0 when that is positive.
        ZeroAtomMass = Math.Max(0.0, a.ZeroAtomMass + b.ZeroAtomMass - 1.0);
    }

    public override string Label => $"{_a.Label} + {_b.Label}";

    /// <summary>A range that holds the whole spectrum.</summary>
    public override double Lower { get; }
    public override double Upper { get; }
    public override double ZeroAtomMass { get; }

    /// <summary>m_k of the sum (k up to 12), exact: moments from added free cumulants.</summary>
    public override double Moment(int k) => _moments[k];

    /// <summary>Free cumulants kappa_1..kappa_n of a law, from its moments.</summary>
    public static double[] Cumulants(double[] moments)
    {
        int order = moments.Length - 1;
        var kappa = new double[order + 1];
        for (int n = 1; n <= order; n++)
        {
            // m_n = sum_{s=1}^{n} kappa_s [z^(n-s)] M(z)^s, M(z) = 1 + m_1 z + ...: the s = n term is kappa_n itself.
            double rest = 0.0;
            for (int s = 1; s < n; s++) rest += kappa[s] * PowerCoefficient(moments, s, n - s);
            kappa[n] = moments[n] - rest;
        }
        return kappa;
    }

    /// <summary>Moments m_0..m_n from free cumulants kappa_1..kappa_n (the same relation, forwards).</summary>
    public static double[] MomentsFromCumulants(double[] kappa)
    {
        int order = kappa.Length - 1;
        var m = new double[order + 1];
        m[0] = 1.0;
        for (int n = 1; n <= order; n++)
        {
            double sum = 0.0;
            for (int s = 1; s <= n; s++) sum += kappa[s] * PowerCoefficient(m, s, n - s);
            m[n] = sum;
        }
        return m;
    }

    /// <summary>[z^j] (sum_i m_i z^i)^s with m_0 = 1, using m up to index j only.</summary>
    private static double PowerCoefficient(double[] m, int s, int j)
    {
        var power = new double[j + 1];
        power[0] = 1.0;
        for (int t = 0; t < s; t++)
        {
            var next = new double[j + 1];
            for (int p = 0; p <= j; p++)
            {
                if (power[p] == 0.0) continue;
                for (int q = 0; p + q <= j; q++) next[p + q] += power[p] * (q == 0 ? 1.0 : m[q]);
            }
            power = next;
        }
        return power[j];
    }

    private static double[] Moments(SpectralLaw law, int order)
    {
        var m = new double[order + 1];
        for (int k = 0; k <= order; k++) m[k] = law.Moment(k);
        return m;
    }

    private static Complex H(SpectralLaw law, Complex w) => 1.0 / law.Cauchy(w) - w;

    private static Complex HDerivative(SpectralLaw law, Complex w)
    {
        Complex g = law.Cauchy(w);
        return -law.CauchyDerivative(w) / (g * g) - 1.0;
    }

    protected override (Complex Phi, Complex Slope) Subordination(Complex z, Complex omega)
    {
        Complex inner = z + H(_a, omega);
        return (omega - z - H(_b, inner), 1.0 - HDerivative(_b, inner) * HDerivative(_a, omega));
    }

    /// <summary>omega at x + i0, followed down from far above the axis.</summary>
    public Complex OmegaOnAxis(double x) => FollowToAxis(eta => new Complex(x, eta), Math.Max(1.0, Upper - Lower));

    /// <summary>G(x + i0) of the sum.</summary>
    public Complex CauchyOnAxis(double x) => _a.Cauchy(OmegaOnAxis(x));

    /// <summary>The density of the sum's continuous part at x.</summary>
    public override double Density(double x)
    {
        // At the atom itself G has its pole: the atom is carried apart, and the density there is its continuous part's limit.
        if (x == 0.0 && ZeroAtomMass > 0.0) x = 1e-12 * (Upper - Lower);
        double d = -CauchyOnAxis(x).Imaginary / Math.PI;
        if (!double.IsFinite(d))
            throw new NotConvergedException("FreeSumNotConverged", $"The density of {Label} is not finite at {x}.");
        return Math.Max(0.0, d);
    }
}
