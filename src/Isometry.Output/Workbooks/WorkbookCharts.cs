using System;
using System.Collections.Generic;
using System.Linq;
using Isometry.Export;

namespace Isometry.Output.Workbooks;

/// <summary>One series of a native chart: a block of consecutive rows of one sheet.</summary>
public sealed record ChartSeriesPlan(string Name, string XColumn, string YColumn, int FirstRow, int LastRow);

/// <summary>
/// A native Excel chart (a scatter chart with lines) on a sheet: its title, axes and series, as ranges of that sheet.
/// Rows are 0-based indexes into the table's rows.
/// </summary>
public sealed record ChartPlan(string Sheet, string Title, string XTitle, string YTitle, bool LogX, bool LogY, IReadOnlyList<ChartSeriesPlan> Series);

/// <summary>
/// The charts a workbook gets, read from its tables' columns, so an appended workbook gets them again: the largest
/// eigenvalue and the variance against depth (Get-JacobianSpectrum), the densities (their long sheet), and critical
/// lines (Find-CriticalLine).
/// </summary>
public static class WorkbookCharts
{
    /// <summary>Series beyond this many make an unreadable chart; the data are all in the sheet.</summary>
    public const int MaxSeries = 8;

    private static readonly string[] Configuration = { "Method", "Init", "Activation", "WeightStd", "BiasStd" };

    public static IReadOnlyList<ChartPlan> Plan(ResultTable main, IReadOnlyDictionary<string, ResultTable> longTables, Func<string, string> longSheetName)
    {
        var charts = new List<ChartPlan>();
        if (Has(main, "Depth", "LambdaMax", "Variance") && main.Rows.Count >= 2)
        {
            var series = new List<ChartSeriesPlan>();
            foreach (var (first, last, label) in Blocks(main, Configuration).Take(MaxSeries / 2))
            {
                series.Add(new ChartSeriesPlan($"λmax {label}", "Depth", "LambdaMax", first, last));
                series.Add(new ChartSeriesPlan($"variance {label}", "Depth", "Variance", first, last));
            }
            bool logY = SpansDecades(main, "LambdaMax", "Variance");
            charts.Add(new ChartPlan(main.Name, "λmax and variance of J J^T against depth", "depth L",
                logY ? "λmax, variance (log scale)" : "λmax, variance", false, logY, series));
        }
        if (Has(main, "WeightStd", "BiasStd", "Chi", "Activation") && !Has(main, "Regime") && !Has(main, "Depth") && main.Rows.Count >= 2)
        {
            var series = Blocks(main, new[] { "Activation" }).Take(MaxSeries)
                .Select(b => new ChartSeriesPlan(b.Label, "WeightStd", "BiasStd", b.First, b.Last)).ToList();
            charts.Add(new ChartPlan(main.Name, "Critical lines (χ = 1)", "σw (WeightStd)", "σb (BiasStd)", false, false, series));
        }
        if (longTables.TryGetValue("Density", out var density) && Has(density, "Lambda", "Value", "Region") && density.Rows.Count > 0)
        {
            // One curve per spectrum: its grid rows, which come first in its block (the rows below the grid follow).
            int row = density.ColumnIndex(ResultSet.RowColumn), region = density.ColumnIndex("Region");
            var series = new List<ChartSeriesPlan>();
            int start = 0;
            while (start < density.Rows.Count && series.Count < MaxSeries)
            {
                object? key = density.Rows[start][row];
                int end = start;
                while (end + 1 < density.Rows.Count && Equals(density.Rows[end + 1][row], key)
                       && Equals(density.Rows[end + 1][region], "Grid")) end++;
                if (Equals(density.Rows[start][region], "Grid") && end > start)
                    series.Add(new ChartSeriesPlan($"row {Cell.Text(key)}{Describe(main, key)}", "Lambda", "Value", start, end));
                start = end + 1;
                while (start < density.Rows.Count && Equals(density.Rows[start][row], key)) start++;
            }
            if (series.Count > 0)
            {
                var lambdas = density.Numbers("Lambda").Where(l => l > 0).Select(l => l!.Value).ToList();
                bool logX = lambdas.Count > 0 && lambdas.Max() / lambdas.Min() > 1e3;
                charts.Add(new ChartPlan(longSheetName("Density"), "Spectral density of J J^T", logX ? "λ (log scale)" : "λ", "density ρ(λ)", logX, false, series));
            }
        }
        return charts;
    }

    private static bool Has(ResultTable table, params string[] columns) => columns.All(c => table.ColumnIndex(c) >= 0);

    private static bool SpansDecades(ResultTable table, params string[] columns)
    {
        var values = columns.SelectMany(table.Numbers).Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return values.Count > 0 && values.All(v => v > 0) && values.Max() / values.Min() > 100;
    }

    /// <summary>Runs of consecutive rows that share the given columns' values, with a label naming those values.</summary>
    private static IEnumerable<(int First, int Last, string Label)> Blocks(ResultTable table, IReadOnlyList<string> columns)
    {
        var indexes = columns.Select(table.ColumnIndex).Where(j => j >= 0).ToArray();
        string Key(object?[] r) => string.Join(" ", indexes.Select(j => Cell.Text(j < r.Length ? r[j] : null)));
        int first = 0;
        for (int i = 1; i <= table.Rows.Count; i++)
        {
            if (i < table.Rows.Count && Key(table.Rows[i]) == Key(table.Rows[first])) continue;
            yield return (first, i - 1, Key(table.Rows[first]).Trim());
            first = i;
        }
    }

    private static string Describe(ResultTable main, object? row)
    {
        if (Cell.AsDouble(row) is not double r) return string.Empty;
        int i = (int)r - 1, depth = main.ColumnIndex("Depth"), init = main.ColumnIndex("Init");
        if (i < 0 || i >= main.Rows.Count) return string.Empty;
        var parts = new List<string>();
        if (init >= 0) parts.Add(Cell.Text(main.Rows[i][init]));
        if (depth >= 0) parts.Add("L=" + Cell.Text(main.Rows[i][depth]));
        return parts.Count > 0 ? ": " + string.Join(" ", parts) : string.Empty;
    }
}
