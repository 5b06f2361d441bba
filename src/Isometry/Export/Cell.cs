using System;
using System.Globalization;

namespace Isometry.Export;

/// <summary>
/// What a cell of an export can hold, and how a value becomes one: numbers stay numbers (long or double), enums
/// become their names, dates their ISO 8601 text, null stays null; NaN, which no result of the module carries,
/// becomes null rather than a number that is not one.
/// </summary>
public static class Cell
{
    public static bool IsScalar(object? value) => value is null or string or bool or char or Enum or DateTime
        or DateTimeOffset or TimeSpan or Guid or decimal
        || (value.GetType().IsPrimitive && value is not IntPtr and not UIntPtr);

    public static object? Normalize(object? value) => value switch
    {
        null => null,
        double d => double.IsNaN(d) ? null : d,
        float f => float.IsNaN(f) ? null : (double)f,
        decimal m => (double)m,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u => u <= long.MaxValue ? (long)u : (double)u,
        bool b => b,
        Enum e => e.ToString(),
        DateTime t => t.ToString("o", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("o", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static double? AsDouble(object? cell) => cell switch
    {
        double d => d,
        long l => l,
        _ => null,
    };

    /// <summary>
    /// The text of a cell in a file: numbers in the shortest form that parses back to the same double ("R"),
    /// invariant, with Infinity and -Infinity spelled so that double.Parse reads them; null is empty.
    /// </summary>
    public static string Text(object? cell) => cell switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        _ => cell.ToString() ?? string.Empty,
    };
}

/// <summary>An export that cannot be written as asked (too many rows, a file that is not a workbook, columns that differ).</summary>
public sealed class ExportException : IsometryException
{
    public ExportException(string errorId, string message) : base(errorId, message) { }
}
