using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Isometry.FreeProbability;

/// <summary>
/// One row of a spectral density: on the grid, rho(Lambda) = Value; below it, one row per decade of lambda that
/// carries that decade's mass (Value its average density, Weight its width). Weight x Value is the row's mass, and
/// the rows' masses add up to the continuous part's.
/// </summary>
public sealed class DensitySample
{
    public DensitySample(double lambda, double value, double weight, double? cdf = null, string region = GridRegion)
    {
        Lambda = lambda;
        Value = value;
        Weight = weight;
        Cdf = cdf;
        Region = region;
    }

    /// <summary>The Region of a grid point.</summary>
    public const string GridRegion = "Grid";

    /// <summary>The Region of a row that carries the mass of a decade (or the last stretch down to 0) below the grid.</summary>
    public const string BelowGridRegion = "BelowGrid";

    /// <summary>An eigenvalue of J J^T (a squared singular value of J).</summary>
    public double Lambda { get; }

    /// <summary>rho(Lambda), the density of the continuous part.</summary>
    public double Value { get; }

    /// <summary>A quadrature weight in Lambda: sum_i Weight_i Value_i g(Lambda_i) approximates the integral of g rho,
    /// with the edge and near-zero singularities resolved.</summary>
    public double Weight { get; }

    /// <summary>The distribution function at Lambda: the fraction of all eigenvalues (atoms included) at or below it.</summary>
    public double? Cdf { get; }

    /// <summary>Grid, or BelowGrid for the rows that carry the mass under the grid's lowest point.</summary>
    public string Region { get; }

    /// <summary>The spectrum the row belongs to (its atoms complete the moments of its rows).</summary>
    internal JacobianSpectrum? Owner { get; set; }
}

/// <summary>
/// The continuous part of a spectrum on a grid, highest Lambda first. Enumerates its points, so
/// <c>$spectrum.Density | Export-Csv</c> writes one row per point, while a spreadsheet cell shows a summary.
/// </summary>
public sealed class SpectralDensity : IEnumerable<DensitySample>
{
    private readonly DensitySample[] _points;

    public SpectralDensity(DensitySample[] points) => _points = points;

    public static SpectralDensity Empty { get; } = new(System.Array.Empty<DensitySample>());

    public int Count => _points.Length;

    public DensitySample this[int index] => _points[index];

    public IEnumerator<DensitySample> GetEnumerator() => ((IEnumerable<DensitySample>)_points).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _points.GetEnumerator();

    /// <summary>The grid's rows (Region Grid), without the rows that carry the mass below it.</summary>
    public int GridCount
    {
        get
        {
            int n = 0;
            foreach (var p in _points) if (p.Region == DensitySample.GridRegion) n++;
            return n;
        }
    }

    public override string ToString()
    {
        if (_points.Length == 0) return "no continuous part";
        int grid = GridCount;
        if (grid == 0) return string.Format(CultureInfo.InvariantCulture, "{0} rows below {1:G6}", _points.Length, _points[0].Lambda);
        string text = string.Format(CultureInfo.InvariantCulture, "{0} points on [{1:G6}, {2:G6}]", grid, _points[grid - 1].Lambda, _points[0].Lambda);
        return grid == _points.Length ? text
            : text + string.Format(CultureInfo.InvariantCulture, ", {0} rows below", _points.Length - grid);
    }
}
