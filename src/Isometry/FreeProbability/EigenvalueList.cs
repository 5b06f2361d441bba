using System.Collections;
using System.Collections.Generic;
using System.Globalization;

namespace Isometry.FreeProbability;

/// <summary>
/// The eigenvalues of a sampled spectrum, ascending (or their natural logarithms). Enumerates its values, so
/// <c>$s.Eigenvalues | Measure-SpectralMoment</c> works, while a table or spreadsheet cell shows a one-line summary.
/// </summary>
public sealed class EigenvalueList : IReadOnlyList<double>
{
    private readonly double[] _values;
    private readonly string _what;

    public EigenvalueList(double[] ascending, string what)
    {
        _values = ascending;
        _what = what;
    }

    public int Count => _values.Length;

    public double this[int index] => _values[index];

    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();

    /// <summary>A copy of the values as an array.</summary>
    public double[] ToArray() => (double[])_values.Clone();

    public override string ToString() => _values.Length == 0
        ? "no " + _what
        : string.Format(CultureInfo.InvariantCulture, "{0} {1} in [{2:G6}, {3:G6}]", _values.Length, _what, _values[0], _values[^1]);
}
