using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Isometry.FreeProbability;

/// <summary>One point of a spectral density: rho(Lambda) = Value.</summary>
public sealed class DensitySample
{
    public DensitySample(double lambda, double value, double weight)
    {
        Lambda = lambda;
        Value = value;
        Weight = weight;
    }

    /// <summary>An eigenvalue of J J^T (a squared singular value of J).</summary>
    public double Lambda { get; }

    /// <summary>rho(Lambda), the density of the continuous part.</summary>
    public double Value { get; }

    /// <summary>A quadrature weight in Lambda: sum_i Weight_i Value_i g(Lambda_i) approximates the integral of g rho
    /// over the grid's range, with the edge and near-zero singularities resolved.</summary>
    public double Weight { get; }
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

    public override string ToString() => _points.Length == 0
        ? "no continuous part"
        : string.Format(CultureInfo.InvariantCulture, "{0} points on [{1:G6}, {2:G6}]", _points.Length, _points[^1].Lambda, _points[0].Lambda);
}
