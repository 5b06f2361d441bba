using System;
using System.Numerics;

namespace Isometry.RandomMatrices;

/// <summary>Which free convolution: of a sum (R-transforms add) or of a product (S-transforms multiply).</summary>
public enum FreeOperation
{
    Sum,
    Product,
}

/// <summary>A law made by free convolution of two ensemble laws: exact moments, a density, and its distribution function.</summary>
public abstract class FreeConvolution
{
    /// <summary>The two laws and the operation, for example "Wigner + MarchenkoPastur(0.5)".</summary>
    public abstract string Label { get; }

    /// <summary>A range that holds the whole spectrum.</summary>
    public abstract double Lower { get; }
    public abstract double Upper { get; }
    public abstract double ZeroAtomMass { get; }

    /// <summary>m_k, exact (k up to <see cref="MaxMomentOrder"/>).</summary>
    public abstract double Moment(int k);

    /// <summary>The highest order of the exact moments (from series of this length).</summary>
    public const int MaxMomentOrder = 11;

    /// <summary>The density of the continuous part at x.</summary>
    public abstract double Density(double x);

    public static FreeConvolution Of(FreeOperation operation, SpectralLaw a, SpectralLaw b) =>
        operation == FreeOperation.Sum ? new FreeSum(a, b) : new FreeProduct(a, b);

    /// <summary>
    /// The subordination equation at z, Phi(omega) = 0, written so that omega - Phi(omega) is the map that contracts far
    /// from the axis (the sum's omega = z + h_B(z + h_A(omega)), the product's omega = z h_B(z h_A(omega))); and Phi'(omega).
    /// </summary>
    protected abstract (Complex Phi, Complex Slope) Subordination(Complex z, Complex omega);

    /// <summary>The lowest imaginary part omega may take at z (Newton is kept above it): Im z for the sum.</summary>
    protected virtual double OmegaFloor(Complex z) => z.Imaginary;

    /// <summary>Newton's method for omega at z from <paramref name="start"/>; null when it stalls or leaves the numbers.</summary>
    private Complex? Solve(Complex z, Complex start)
    {
        double floor = OmegaFloor(z);
        Complex w = start;
        for (int i = 0; i < 100; i++)
        {
            var (phi, slope) = Subordination(z, w);
            Complex next = w - phi / slope;
            if (!double.IsFinite(next.Real) || !double.IsFinite(next.Imaginary)) return null;
            if (next.Imaginary < floor) next = new Complex(next.Real, 0.5 * (w.Imaginary + floor));
            // Converged to rounding: once a step is this small, quadratic convergence makes the next one the last.
            bool close = Complex.Abs(next - w) <= 1e-10 * (1.0 + Complex.Abs(w));
            w = next;
            if (close)
            {
                var (lastPhi, lastSlope) = Subordination(z, w);
                Complex last = w - lastPhi / lastSlope;
                return last.Imaginary < floor ? w : last;
            }
        }
        // Newton stalls only where the solution is degenerate: at an edge of the support, where omega has a square-root
        // branch point. The caller then keeps the last height that converged.
        return null;
    }

    /// <summary>
    /// omega on the real axis: z = <paramref name="zAt"/>(eta) down a ladder of heights eta from <paramref name="scale"/>
    /// (where a few hundred plain iterations of the contracting map give Newton its start) by factors of 10 to 0, each
    /// solve starting from the last. At an edge of the support Newton can stall close to the axis: the last height that
    /// converged is the start of one last try on the axis, and stands if that fails too (the density there, about 0,
    /// is then off by about sqrt(that height)).
    /// </summary>
    protected Complex FollowToAxis(Func<double, Complex> zAt, double scale)
    {
        Complex z0 = zAt(scale);
        Complex w = z0;
        for (int i = 0; i < 200; i++) w -= Subordination(z0, w).Phi;
        for (double eta = scale; eta >= 1e-14 * scale; eta *= 0.1)
        {
            if (Solve(zAt(eta), w) is not Complex next) break;
            w = next;
        }
        return Solve(zAt(0.0), w) ?? w;
    }

    private double[]? _cdfX, _cdfF;

    /// <summary>
    /// P(lambda &lt;= x): the atom plus the density's cumulative integral by trapezoids on 4,096 steps in u, where
    /// x = Lower + (Upper - Lower) u^3 crowds the lower end. A density that blows up there like x^(-2/3) (the Fuss-Catalan
    /// law of a product, at 0) becomes bounded in u, so its mass is not lost; elsewhere the error is about 1e-4 at a
    /// square-root edge, far below a sampling bound.
    /// </summary>
    public double Cdf(double x)
    {
        if (_cdfX == null)
        {
            const int steps = 4096;
            var xs = new double[steps + 1];
            var fs = new double[steps + 1];
            double range = Upper - Lower, total = ZeroAtomMass, previous = 0.0;
            xs[0] = Lower;
            fs[0] = total;
            for (int i = 1; i <= steps; i++)
            {
                double u = (double)i / steps;
                xs[i] = Lower + range * u * u * u;
                double integrand = Density(xs[i]) * 3.0 * range * u * u;   // rho(x) dx/du
                total += 0.5 * (previous + integrand) / steps;
                previous = integrand;
                fs[i] = total;
            }
            _cdfX = xs;
            _cdfF = fs;
        }
        if (x < _cdfX[0]) return x < 0.0 || ZeroAtomMass == 0.0 ? 0.0 : ZeroAtomMass;
        if (x >= _cdfX[^1]) return _cdfF![^1];
        int j = Array.BinarySearch(_cdfX, x);
        if (j >= 0) return _cdfF![j];
        j = ~j;
        double t = (x - _cdfX[j - 1]) / (_cdfX[j] - _cdfX[j - 1]);
        return _cdfF![j - 1] + t * (_cdfF[j] - _cdfF[j - 1]);
    }

    /// <summary>P(lambda &lt; x): below the atom at 0.</summary>
    public double CdfBelow(double x) => x <= 0.0 && ZeroAtomMass > 0.0 ? 0.0 : Cdf(x);
}
