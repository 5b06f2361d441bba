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

    /// <summary>The subordination function omega at z = x + i eta.</summary>
    private Complex? Omega(Complex z, Complex start)
    {
        Complex w = start;
        for (int i = 0; i < 100; i++)
        {
            Complex inner = z + H(_a, w);
            Complex phi = w - z - H(_b, inner);
            Complex dphi = 1.0 - HDerivative(_b, inner) * HDerivative(_a, w);
            Complex step = phi / dphi;
            // Newton stays in the closed upper half plane, where omega lives (Im omega >= Im z).
            Complex next = w - step;
            if (next.Imaginary < z.Imaginary) next = new Complex(next.Real, 0.5 * (w.Imaginary + z.Imaginary));
            // Converged to rounding: once a step is this small, quadratic convergence makes the next one the last.
            bool close = Complex.Abs(next - w) <= 1e-10 * (1.0 + Complex.Abs(w));
            w = next;
            if (close)
            {
                Complex innerLast = z + H(_a, w);
                Complex last = w - (w - z - H(_b, innerLast)) / (1.0 - HDerivative(_b, innerLast) * HDerivative(_a, w));
                return last.Imaginary < z.Imaginary ? w : last;
            }
        }
        // Newton stalls only where the solution is degenerate: at an edge of the support, where omega has a square-root
        // branch point. The caller then keeps the last height that converged.
        return null;
    }

    /// <summary>omega at x + i0: down a ladder of heights from far above the axis, each solve starting from the last.</summary>
    public Complex OmegaOnAxis(double x)
    {
        double scale = Math.Max(1.0, Upper - Lower);
        Complex w = new(x, 2.0 * scale);
        // Far above the axis the fixed-point map contracts strongly: a few plain iterations give Newton its start.
        Complex z0 = new(x, scale);
        for (int i = 0; i < 60; i++) w = z0 + H(_b, z0 + H(_a, w));
        for (double eta = scale; eta >= 1e-14 * scale; eta *= 0.1)
        {
            // At an edge of the support (a square-root branch point of omega) Newton can stall close to the axis: the
            // last height that converged stands, and the density there, about 0, is off by about sqrt(that height).
            if (Omega(new Complex(x, eta), w) is not Complex next) return w;
            w = next;
        }
        return Omega(new Complex(x, 0.0), w) ?? w;
    }

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
