using System;
using System.Globalization;

namespace Isometry.Cmdlets;

/// <summary>
/// How the default table views write a number: readable at any magnitude within its column. The format views
/// call <see cref="Number"/> from their script blocks; the objects keep full doubles (Format-List, exports).
/// </summary>
public static class TableCell
{
    /// <summary>
    /// <paramref name="value"/> with up to <paramref name="digits"/> significant digits in plain notation when that
    /// fits in <paramref name="width"/> characters, else in scientific notation with a short exponent
    /// (1.235e-61), so no cell ever loses its leading digits. Null is an empty cell; culture-invariant.
    /// </summary>
    public static string Number(object? value, int digits, int width)
    {
        if (value is null) return "";
        double x = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (double.IsNaN(x)) return "NaN";
        if (double.IsInfinity(x))
        {
            string word = x > 0 ? "Infinity" : "-Infinity";
            return word.Length <= width ? word : (x > 0 ? "Inf" : "-Inf");
        }
        if (x == 0.0) return "0";
        double magnitude = Math.Abs(x);
        if (magnitude >= 1e-4 && magnitude < 1e7)
        {
            // Fewer digits before giving up plain notation: 0.000976562 reads better as 0.00097656 than 9.766e-04.
            for (int d = digits; d >= Math.Min(digits, 4); d--)
            {
                string plain = x.ToString("G" + d.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                if (plain.IndexOf('E') < 0 && plain.Length <= width) return plain;
            }
        }
        // Scientific: as many mantissa digits as the column holds (at least two), exponent without padding.
        for (int fraction = Math.Max(1, digits - 1); fraction >= 1; fraction--)
        {
            string s = Scientific(x, fraction);
            if (s.Length <= width || fraction == 1) return s;
        }
        return Scientific(x, 1);
    }

    /// <summary>
    /// The M1..Mk columns Measure-SpectralMoment adds to a row, as one cell that wraps in the table view, so any order
    /// reads in full: each moment takes 16 characters ("M3  166"), two to a line of the 32-wide column, because
    /// pwsh wraps a cell at its width, not at spaces.
    /// </summary>
    public static string Moments(System.Management.Automation.PSObject? ps)
    {
        if (ps is null) return "";
        var text = new System.Text.StringBuilder();
        for (int k = 1; ps.Properties["M" + k.ToString(CultureInfo.InvariantCulture)] is { } p; k++)
            text.Append(("M" + k.ToString(CultureInfo.InvariantCulture)).PadRight(4)).Append(Number(p.Value, 6, 11).PadRight(12));
        return text.ToString().TrimEnd();
    }

    private static string Scientific(double x, int fraction) =>
        x.ToString("0." + new string('#', fraction) + "e+0", CultureInfo.InvariantCulture);
}
