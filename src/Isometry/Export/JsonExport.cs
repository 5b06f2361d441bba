using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Isometry.Export;

/// <summary>
/// A result set as one JSON document: the provenance fields first (the header), the results' type, then one object
/// per result with its scalar properties and each array property as an array (Density as objects, Eigenvalues as
/// numbers), in the order the results came. Enums are their names, numbers their shortest round-trip form, null is
/// null, and the infinities (which JSON has no number for) are the strings "Infinity" and "-Infinity". It is the same
/// <see cref="ResultSet"/> as the CSV and the workbook, nested instead of in long tables, and reads back into one.
/// </summary>
public static class JsonExport
{
    /// <summary>The property that holds the results.</summary>
    public const string ResultsProperty = "Results";

    /// <summary>The property that names the results' type (the main table).</summary>
    public const string TypeProperty = "Type";

    public static void Write(Stream stream, ResultSet set)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        foreach (var (key, value) in Provenance.Of(set.Tables.ToList()).JsonFields)
        {
            writer.WritePropertyName(key);
            JsonSerializer.Serialize(writer, value);
        }
        writer.WriteString(TypeProperty, set.Main.Name);
        writer.WriteStartArray(ResultsProperty);
        var rowColumn = set.Main.ColumnIndex(ResultSet.RowColumn);
        var byRow = set.Long.Select(t => (Table: t, Rows: t.RowsByKey())).ToList();
        foreach (var row in set.Main.Rows)
        {
            writer.WriteStartObject();
            for (int j = 0; j < set.Main.Columns.Count; j++)
            {
                if (j == rowColumn) continue;
                writer.WritePropertyName(set.Main.Columns[j]);
                WriteCell(writer, j < row.Length ? row[j] : null);
            }
            foreach (var (table, rows) in byRow)
            {
                if (!rows.TryGetValue(set.Main.KeyOf(row), out var items)) continue;
                writer.WriteStartArray(table.Name);
                var columns = ItemColumns(table);
                bool plain = columns.Count == 1 && columns[0].Name == ResultSet.ValueColumn;
                foreach (var item in items)
                {
                    if (plain)
                    {
                        WriteCell(writer, item[columns[0].Index]);
                        continue;
                    }
                    writer.WriteStartObject();
                    foreach (var (name, index) in columns)
                    {
                        writer.WritePropertyName(name);
                        WriteCell(writer, index < item.Length ? item[index] : null);
                    }
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Reads a document <see cref="Write"/> wrote back into its tables: the main table and one long table per array property.</summary>
    public static ResultImport.ImportedResult Read(string path)
    {
        if (!File.Exists(path)) throw new ExportException("ResultFileNotFound", $"{path} does not exist.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new ExportException("NotAnIsometryExport", $"{path} is not JSON ({ex.Message}).");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(ResultsProperty, out var results) || results.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty(TypeProperty, out var type) || type.ValueKind != JsonValueKind.String)
                throw new ExportException("NotAnIsometryExport",
                    $"{path} is not a JSON export of the module: Import-IsometryResult reads what Export-IsometryJson writes (an object with {TypeProperty}, {ResultsProperty} and the provenance).");
            var provenance = ResultImport.ProvenanceFields(root, ResultsProperty, TypeProperty);
            var main = new ResultTable(type.GetString()!, new[] { ResultSet.RowColumn });
            var longTables = new List<ResultTable>();
            long row = 0;
            foreach (var result in results.EnumerateArray())
            {
                row++;
                if (result.ValueKind != JsonValueKind.Object)
                    throw new ExportException("BadCell", $"{path}: result {row} is {result.ValueKind}, not an object.");
                var cells = new List<(int, object?)> { (0, (double)row) };
                foreach (var property in result.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.Array)
                    {
                        var table = longTables.FirstOrDefault(t => string.Equals(t.Name, property.Name, StringComparison.OrdinalIgnoreCase));
                        if (table == null) longTables.Add(table = new ResultTable(property.Name, new[] { ResultSet.RowColumn, ResultSet.IndexColumn }));
                        long index = 0;
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            index++;
                            var itemCells = new List<(int, object?)> { (0, (double)row), (1, (double)index) };
                            if (item.ValueKind == JsonValueKind.Object)
                                foreach (var field in item.EnumerateObject()) itemCells.Add((Column(table, field.Name), ReadCell(field.Value, path)));
                            else itemCells.Add((Column(table, ResultSet.ValueColumn), ReadCell(item, path)));
                            table.Rows.Add(ToRow(itemCells));
                        }
                        continue;
                    }
                    cells.Add((Column(main, property.Name), ReadCell(property.Value, path)));
                }
                main.Rows.Add(ToRow(cells));
            }
            foreach (var table in longTables.Prepend(main)) table.PadRows();
            return ResultImport.FromTables(path, main, longTables, provenance);
        }
    }

    /// <summary>A long table's columns less its Row key and Index (the array's own order).</summary>
    private static List<(string Name, int Index)> ItemColumns(ResultTable table) =>
        table.Columns.Select((name, index) => (name, index))
            .Where(c => !string.Equals(c.name, ResultSet.RowColumn, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(c.name, ResultSet.IndexColumn, StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static void WriteCell(Utf8JsonWriter writer, object? cell)
    {
        switch (cell)
        {
            case null: writer.WriteNullValue(); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case double d: writer.WriteStringValue(Cell.Text(d)); break;
            case long l: writer.WriteNumberValue(l); break;
            case bool b: writer.WriteBooleanValue(b); break;
            default: writer.WriteStringValue(Cell.Text(cell)); break;
        }
    }

    /// <summary>A JSON value as a cell: numbers as doubles (as the CSV reads them), the infinities' strings as the infinities.</summary>
    private static object? ReadCell(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString() switch
        {
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var text => text,
        },
        _ => throw new ExportException("BadCell", $"{path} holds a nested {value.ValueKind} where a value belongs: {Truncate(value.GetRawText())}."),
    };

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "...";

    private static int Column(ResultTable table, string name)
    {
        int j = table.ColumnIndex(name);
        if (j >= 0) return j;
        table.Columns.Add(name);
        return table.Columns.Count - 1;
    }

    private static object?[] ToRow(List<(int Index, object? Value)> cells)
    {
        var row = new object?[cells.Max(c => c.Index) + 1];
        foreach (var (j, v) in cells) row[j] = v;
        return row;
    }
}
