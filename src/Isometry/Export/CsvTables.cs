using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Isometry.Export;

/// <summary>
/// The module's own CSV: RFC 4180 quoting, a comma whatever the culture, numbers invariant in round-trip form, an
/// empty field for null, UTF-8 without a byte-order mark. Reads back what it writes (for -Append).
/// </summary>
public static class CsvTables
{
    public static void Write(ResultTable table, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(string.Join(",", table.Columns.Select(Quote)));
        foreach (var row in table.Rows)
        {
            var fields = new string[table.Columns.Count];
            for (int j = 0; j < fields.Length; j++) fields[j] = Quote(Cell.Text(j < row.Length ? row[j] : null));
            writer.WriteLine(string.Join(",", fields));
        }
    }

    /// <summary>Reads a CSV written by <see cref="Write"/>: fields that parse as invariant numbers become doubles.</summary>
    public static ResultTable Read(string name, string path)
    {
        var records = Parse(File.ReadAllText(path, Encoding.UTF8));
        if (records.Count == 0) return new ResultTable(name, Array.Empty<string>());
        var table = new ResultTable(name, records[0]);
        foreach (var record in records.Skip(1))
            table.Rows.Add(record.Select(f => (object?)(f.Length == 0 ? null
                : double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? d
                : f == "True" ? true : f == "False" ? false : f)).ToArray());
        return table;
    }

    private static string Quote(string field) =>
        field.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0 || field.Length > 0 && (field[0] == ' ' || field[^1] == ' ')
            ? "\"" + field.Replace("\"", "\"\"") + "\""
            : field;

    private static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    records.Add(fields.ToArray()); fields.Clear(); any = false;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (any || field.Length > 0) { fields.Add(field.ToString()); records.Add(fields.ToArray()); }
        return records;
    }
}
