using System;

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
