using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Isometry.Export;

namespace Isometry.Output.Workbooks;

/// <summary>
/// A result set as a workbook: the main sheet, a sheet per long table (Main.Density, ...), Properties, and the
/// charts. Appending reads the workbook, adds the rows to the sheets of the same names (the Row key shifted past
/// the existing rows), and writes the whole workbook anew; the charts are planned again from the data.
/// </summary>
public static class WorkbookExport
{
    public static void Write(Stream stream, ResultSet set, string? existingPath)
    {
        var tables = existingPath != null && File.Exists(existingPath) ? ReadForAppend(existingPath) : new List<ResultTable>();
        var main = tables.FirstOrDefault(t => string.Equals(t.Name, set.Main.Name, StringComparison.OrdinalIgnoreCase));
        long offset = 0;
        if (main != null)
            offset = main.LastRow;
        else
        {
            main = new ResultTable(set.Main.Name, set.Main.Columns);
            tables.Add(main);
        }
        main.Append(set.Main, offset);
        foreach (var table in set.Long)
        {
            string sheet = WorkbookFile.LongSheetName(set.Main.Name, table.Name);
            var target = tables.FirstOrDefault(t => string.Equals(t.Name, sheet, StringComparison.OrdinalIgnoreCase));
            if (target == null)
            {
                target = new ResultTable(sheet, table.Columns);
                tables.Add(target);
            }
            target.Append(table, offset);
        }
        var charts = new List<ChartPlan>();
        foreach (var candidate in tables.Where(t => !t.Name.Contains('.')))
        {
            var longTables = tables.Where(t => t.Name.StartsWith(candidate.Name + ".", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(t => t.Name[(candidate.Name.Length + 1)..], t => t, StringComparer.OrdinalIgnoreCase);
            charts.AddRange(WorkbookCharts.Plan(candidate, longTables, name => WorkbookFile.LongSheetName(candidate.Name, name)));
        }
        WorkbookFile.Write(stream, tables, Provenance.Of(tables), charts);
    }

    private static List<ResultTable> ReadForAppend(string path)
    {
        try
        {
            return WorkbookFile.Read(path);
        }
        catch (Exception ex) when (ex is not ExportException and not IOException and not UnauthorizedAccessException)
        {
            // The Open XML SDK's own exceptions (a zip that is not a workbook, a damaged package) say little to a user.
            throw new ExportException("NotAWorkbook", $"{path} is not a workbook that can be appended to ({ex.Message}). Choose another -Path, or -Force to replace it.");
        }
    }
}
