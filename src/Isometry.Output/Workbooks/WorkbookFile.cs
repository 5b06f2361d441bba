using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Isometry.Export;

namespace Isometry.Output.Workbooks;

/// <summary>
/// Workbooks through the Open XML SDK: each table a worksheet (a bold, frozen header row; numbers as numeric cells;
/// text as shared strings; empty cells for null), a Properties sheet with the provenance, and the native charts
/// <see cref="WorkbookCharts"/> plans. Reads back the cell values of any workbook, for -Append.
/// </summary>
public static class WorkbookFile
{
    /// <summary>The sheet that carries the provenance.</summary>
    public const string PropertiesSheet = "Properties";

    /// <summary>Excel's limit on a sheet's rows, the header included.</summary>
    public const int MaxRows = 1_048_576;

    /// <summary>The sheet of a long table: "Spectra.Density" for the Density of the sheet Spectra, within Excel's 31 characters.</summary>
    public static string LongSheetName(string main, string table)
    {
        string name = $"{main}.{table}";
        if (name.Length <= 31) return name;
        string suffix = table.Length <= 20 ? table : table[..20];
        return $"{main[..(30 - suffix.Length)]}.{suffix}";
    }

    /// <summary>A name Excel accepts for a sheet: 1 to 31 characters, none of : \ / ? * [ ], not starting or ending with '.</summary>
    public static string? InvalidSheetName(string name) =>
        name.Length is 0 or > 31 ? "a sheet name has 1 to 31 characters"
        : name.IndexOfAny(new[] { ':', '\\', '/', '?', '*', '[', ']' }) >= 0 ? "a sheet name cannot contain : \\ / ? * [ or ]"
        : name.StartsWith('\'') || name.EndsWith('\'') ? "a sheet name cannot start or end with an apostrophe"
        : string.Equals(name, PropertiesSheet, StringComparison.OrdinalIgnoreCase) ? "Properties is the sheet that records where the workbook came from"
        : null;

    public static void Write(Stream stream, IReadOnlyList<ResultTable> tables, Provenance provenance, IReadOnlyList<ChartPlan> charts)
    {
        foreach (var t in tables)
            if (t.Rows.Count + 1 > MaxRows)
                throw new ExportException("TooManyRows", $"The sheet {t.Name} would have {t.Rows.Count + 1} rows; a worksheet holds at most {MaxRows}. Export fewer results or use Export-IsometryCsv.");
        using var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var strings = new SharedStrings(workbookPart.AddNewPart<SharedStringTablePart>());
        var sheets = workbookPart.Workbook.AppendChild(new Sheets());
        uint id = 1;
        var all = tables.Append(PropertiesTable(provenance)).ToList();
        foreach (var table in all)
        {
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            worksheetPart.Worksheet = Worksheet(table, strings);
            var sheetCharts = charts.Where(c => c.Sheet == table.Name).ToList();
            if (sheetCharts.Count > 0) ChartWriter.Add(worksheetPart, table, sheetCharts);
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = id++, Name = table.Name });
        }
        strings.Save();
        workbookPart.Workbook.Save();
    }

    /// <summary>Every sheet but Properties, as tables: the first row the header, numbers as doubles.</summary>
    public static List<ResultTable> Read(string path) => Read(path, out _);

    /// <summary>As above, with the Properties sheet's Key and Value pairs (the provenance; empty when there is none).</summary>
    public static List<ResultTable> Read(string path, out Dictionary<string, string> properties)
    {
        properties = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = SpreadsheetDocument.Open(path, false);
        var workbookPart = document.WorkbookPart ?? throw new ExportException("NotAWorkbook", $"{path} has no workbook in it.");
        var shared = workbookPart.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? Array.Empty<string>();
        var tables = new List<ResultTable>();
        foreach (var sheet in workbookPart.Workbook.Descendants<Sheet>())
        {
            if (sheet.Name?.Value is not string name) continue;
            var part = (WorksheetPart)workbookPart.GetPartById(sheet.Id!.Value!);
            var rows = new List<object?[]>();
            foreach (var row in part.Worksheet.Descendants<Row>())
            {
                var cells = new List<object?>();
                foreach (var cell in row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>())
                {
                    int column = ColumnIndex(cell.CellReference?.Value) ?? cells.Count;
                    while (cells.Count < column) cells.Add(null);
                    cells.Add(Value(cell, shared));
                }
                rows.Add(cells.ToArray());
            }
            var header = rows.Count > 0 ? rows[0].Select(c => Isometry.Export.Cell.Text(c)).ToList() : new List<string>();
            if (name == PropertiesSheet)
            {
                foreach (var pair in rows.Skip(1).Where(r => r.Length >= 2 && r[0] != null))
                    properties[Isometry.Export.Cell.Text(pair[0])] = Isometry.Export.Cell.Text(pair[1]);
                continue;
            }
            tables.Add(new ResultTable(name, header, rows.Skip(1).Select(r => r.Length >= header.Count ? r : r.Concat(new object?[header.Count - r.Length]).ToArray())));
        }
        return tables;
    }

    private static object? Value(DocumentFormat.OpenXml.Spreadsheet.Cell cell, string[] shared)
    {
        string? text = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.InlineString) return cell.InlineString?.InnerText;
        if (text == null) return null;
        if (type == CellValues.SharedString) return int.TryParse(text, out int i) && i < shared.Length ? shared[i] : null;
        if (type == CellValues.Boolean) return text == "1";
        if (type == CellValues.String) return text;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d : text;
    }

    private static int? ColumnIndex(string? reference)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        int index = 0, k = 0;
        while (k < reference.Length && char.IsLetter(reference[k])) index = index * 26 + (char.ToUpperInvariant(reference[k++]) - 'A' + 1);
        return k == 0 ? null : index - 1;
    }

    /// <summary>"A", "B", ..., "Z", "AA" for a 0-based column index.</summary>
    public static string ColumnName(int index)
    {
        string name = string.Empty;
        for (int n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static ResultTable PropertiesTable(Provenance provenance) =>
        new(PropertiesSheet, new[] { "Key", "Value" }, provenance.Entries.Select(e => new object?[] { e.Key, e.Value }));

    private static Worksheet Worksheet(ResultTable table, SharedStrings strings)
    {
        var sheetData = new SheetData();
        var header = new Row { RowIndex = 1 };
        for (int j = 0; j < table.Columns.Count; j++)
            header.Append(new DocumentFormat.OpenXml.Spreadsheet.Cell
            {
                CellReference = ColumnName(j) + "1",
                DataType = CellValues.SharedString,
                CellValue = new CellValue(strings.Index(table.Columns[j])),
                StyleIndex = 1,
            });
        sheetData.Append(header);
        uint r = 2;
        foreach (var row in table.Rows)
        {
            var line = new Row { RowIndex = r };
            for (int j = 0; j < row.Length && j < table.Columns.Count; j++)
                if (CellOf(row[j], ColumnName(j) + r, strings) is { } cell) line.Append(cell);
            sheetData.Append(line);
            r++;
        }
        var widths = new Columns();
        for (int j = 0; j < table.Columns.Count; j++)
        {
            int longest = table.Columns[j].Length;
            foreach (var row in table.Rows.Take(200))
                if (j < row.Length) longest = Math.Max(longest, Math.Min(40, Isometry.Export.Cell.Text(row[j]).Length));
            widths.Append(new Column { Min = (uint)j + 1, Max = (uint)j + 1, Width = Math.Max(8, longest + 2), CustomWidth = true });
        }
        var frozen = new SheetViews(new SheetView(new Pane
        {
            VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen,
        }) { WorkbookViewId = 0 });
        return table.Columns.Count > 0 ? new Worksheet(frozen, widths, sheetData) : new Worksheet(frozen, sheetData);
    }

    private static DocumentFormat.OpenXml.Spreadsheet.Cell? CellOf(object? value, string reference, SharedStrings strings) => value switch
    {
        null => null,
        double d when double.IsFinite(d) => new() { CellReference = reference, CellValue = new CellValue(d.ToString("R", CultureInfo.InvariantCulture)) },
        long l => new() { CellReference = reference, CellValue = new CellValue(l.ToString(CultureInfo.InvariantCulture)) },
        bool b => new() { CellReference = reference, DataType = CellValues.Boolean, CellValue = new CellValue(b ? "1" : "0") },
        // Infinity has no numeric cell in a workbook: its text, which double.Parse reads back.
        _ => new() { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(strings.Index(Isometry.Export.Cell.Text(value))) },
    };

    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }) { Count = 2 });

    /// <summary>The workbook's shared strings, each text stored once.</summary>
    private sealed class SharedStrings
    {
        private readonly SharedStringTablePart _part;
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly SharedStringTable _table = new();

        public SharedStrings(SharedStringTablePart part) => _part = part;

        public string Index(string text)
        {
            if (!_index.TryGetValue(text, out int i))
            {
                i = _index.Count;
                _index.Add(text, i);
                _table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }
            return i.ToString(CultureInfo.InvariantCulture);
        }

        public void Save()
        {
            _table.Count = (uint)_index.Count;
            _table.UniqueCount = (uint)_index.Count;
            _part.SharedStringTable = _table;
        }
    }
}
