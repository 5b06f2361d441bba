using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Isometry.Export;

namespace Isometry.Output.Workbooks;

/// <summary>
/// Reads back what <see cref="WorkbookExport"/> writes: each main sheet (a name without a dot) with its long sheets
/// (Main.Density, ...) and the Properties sheet's provenance, as the same tables a CSV export reads into.
/// </summary>
public static class WorkbookImport
{
    public static IReadOnlyList<ResultImport.ImportedResult> Read(string path)
    {
        if (!File.Exists(path)) throw new ExportException("ResultFileNotFound", $"{path} does not exist.");
        List<ResultTable> tables;
        Dictionary<string, string> properties;
        try
        {
            tables = WorkbookFile.Read(path, out properties);
        }
        catch (Exception ex) when (ex is not ExportException and not IOException and not UnauthorizedAccessException)
        {
            // The Open XML SDK's own exceptions (a zip that is not a workbook, a damaged package) say little to a user.
            throw new ExportException("NotAnIsometryExport", $"{path} is not a workbook the module can read ({ex.Message}).");
        }
        var mains = tables.Where(t => !t.Name.Contains('.')).ToList();
        var results = new List<ResultImport.ImportedResult>();
        foreach (var main in mains)
        {
            // A long sheet is Main.Table, its main part cut short when the two exceed Excel's 31 characters.
            var longTables = new List<ResultTable>();
            foreach (var sheet in tables.Where(t => t.Name.Contains('.')))
            {
                string table = sheet.Name[(sheet.Name.IndexOf('.') + 1)..];
                if (WorkbookFile.LongSheetName(main.Name, table) == sheet.Name)
                    longTables.Add(new ResultTable(table, sheet.Columns, sheet.Rows));
            }
            results.Add(ResultImport.FromTables(path, InfinitiesAsNumbers(main), longTables.Select(InfinitiesAsNumbers), properties));
        }
        if (results.Count == 0) throw new ExportException("NotAnIsometryExport", $"{path} has no result sheet in it.");
        return results;
    }

    /// <summary>A workbook has no numeric cell for the infinities: they were written as their text, and are read as the numbers.</summary>
    private static ResultTable InfinitiesAsNumbers(ResultTable table)
    {
        foreach (var row in table.Rows)
            for (int j = 0; j < row.Length; j++)
                row[j] = row[j] switch { "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, var v => v };
        return table;
    }
}
