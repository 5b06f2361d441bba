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
/// <remarks>
/// A computed spectrum keeps its rows as columns of numbers and forms the row objects the first time they are asked
/// for (then keeps them). A sweep's spectra go down the pipeline by the hundred and most are never enumerated; as
/// objects from the start, their rows were most of what the garbage collector had to copy when it promoted a sweep's
/// results (pauses of 13 to 15 ms in a 200-depth sweep of 70 to 90 ms).
/// </remarks>
public sealed class SpectralDensity : IEnumerable<DensitySample>
{
    /// <summary>The rows as columns (empty where the rows were given as objects).</summary>
    private readonly double[] _lambda = System.Array.Empty<double>(), _value = System.Array.Empty<double>(),
        _weight = System.Array.Empty<double>(), _cdf = System.Array.Empty<double>();
    /// <summary>Of the columns: the first this many rows are on the grid, the others below it.</summary>
    private readonly int _grid;
    private DensitySample[]? _points;
    private JacobianSpectrum? _owner;

    public SpectralDensity(DensitySample[] points) => _points = points;

    /// <summary>
    /// Rows held as columns (highest Lambda first): the first <paramref name="grid"/> on the grid, the rest the bins of
    /// mass below it, each with its distribution function <paramref name="cdf"/>.
    /// </summary>
    internal SpectralDensity(double[] lambda, double[] value, double[] weight, double[] cdf, int grid)
    {
        if (value.Length != lambda.Length || weight.Length != lambda.Length || cdf.Length != lambda.Length || grid < 0 || grid > lambda.Length)
            throw new System.ArgumentException("The density's columns must have one length, and the grid's rows cannot outnumber them.");
        _lambda = lambda;
        _value = value;
        _weight = weight;
        _cdf = cdf;
        _grid = grid;
    }

    public static SpectralDensity Empty { get; } = new(System.Array.Empty<DensitySample>());

    public int Count => _points?.Length ?? _lambda.Length;

    public DensitySample this[int index] => Points[index];

    public IEnumerator<DensitySample> GetEnumerator() => ((IEnumerable<DensitySample>)Points).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Points.GetEnumerator();

    /// <summary>The rows' Lambda, read without forming the rows.</summary>
    public double LambdaAt(int index) => _points is null ? _lambda[index] : _points[index].Lambda;

    /// <summary>The rows, formed from the columns the first time (by one thread; another that raced it takes the same).</summary>
    private DensitySample[] Points
    {
        get
        {
            if (System.Threading.Volatile.Read(ref _points) is { } formed) return formed;
            var rows = new DensitySample[_lambda.Length];
            for (int i = 0; i < rows.Length; i++)
                rows[i] = new DensitySample(_lambda[i], _value[i], _weight[i], _cdf[i],
                    i < _grid ? DensitySample.GridRegion : DensitySample.BelowGridRegion) { Owner = _owner };
            return System.Threading.Interlocked.CompareExchange(ref _points, rows, null) ?? rows;
        }
    }

    /// <summary>The spectrum these rows belong to (their atoms complete the moments of the rows).</summary>
    internal void BelongTo(JacobianSpectrum owner)
    {
        if (Count == 0) return;
        _owner = owner;
        if (_points is { } rows)
            foreach (var row in rows) row.Owner = owner;
    }

    /// <summary>The grid's rows (Region Grid), without the rows that carry the mass below it.</summary>
    public int GridCount
    {
        get
        {
            if (_points is null) return _grid;
            int n = 0;
            foreach (var p in _points) if (p.Region == DensitySample.GridRegion) n++;
            return n;
        }
    }

    public override string ToString()
    {
        int count = Count;
        if (count == 0) return "no continuous part";
        int grid = GridCount;
        if (grid == 0) return string.Format(CultureInfo.InvariantCulture, "{0} rows below {1:G6}", count, LambdaAt(0));
        string text = string.Format(CultureInfo.InvariantCulture, "{0} points on [{1:G6}, {2:G6}]", grid, LambdaAt(grid - 1), LambdaAt(0));
        return grid == count ? text
            : text + string.Format(CultureInfo.InvariantCulture, ", {0} rows below", count - grid);
    }
}
