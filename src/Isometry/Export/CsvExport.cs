using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Isometry.Export;

/// <summary>
/// A result set as CSV files: x.csv (the main table), x.Density.csv and so on (the long tables), x.provenance.json.
/// Appending reads the existing files, adds the new rows (the Row key shifted past the existing rows) and writes
/// every file anew, all or nothing.
/// </summary>
public static class CsvExport
{
    /// <summary>Writes the files through <paramref name="files"/> (committed by the caller); returns their paths.</summary>
    public static IReadOnlyList<string> Write(string mainPath, ResultSet set, bool append, FileSet files)
    {
        var main = set.Main;
        var longTables = set.Long.ToList();
        if (append && File.Exists(mainPath))
        {
            var existing = CsvTables.Read(main.Name, mainPath);
            long offset = existing.LastRow;
            existing.Append(main, offset);
            main = existing;
            var merged = new List<ResultTable>();
            var names = set.Long.Select(t => t.Name).ToList();
            foreach (var file in ExistingLongTables(mainPath))
                if (!names.Contains(file.Name, System.StringComparer.OrdinalIgnoreCase)) merged.Add(file);
            foreach (var table in set.Long)
            {
                string path = ExportPaths.LongCsv(mainPath, table.Name);
                if (File.Exists(path))
                {
                    var old = CsvTables.Read(table.Name, path);
                    old.Append(table, offset);
                    merged.Add(old);
                }
                else
                {
                    var shifted = new ResultTable(table.Name, table.Columns);
                    shifted.Append(table, offset);
                    merged.Add(shifted);
                }
            }
            longTables = merged;
        }
        var written = new List<string>();
        using (var stream = files.Create(mainPath)) CsvTables.Write(main, stream);
        written.Add(mainPath);
        foreach (var table in longTables)
        {
            string path = ExportPaths.LongCsv(mainPath, table.Name);
            using var stream = files.Create(path);
            CsvTables.Write(table, stream);
            written.Add(path);
        }
        string provenancePath = ExportPaths.Provenance(mainPath);
        using (var stream = files.Create(provenancePath))
            stream.Write(Provenance.Of(new[] { main }.Concat(longTables).ToList()).ToJson());
        written.Add(provenancePath);
        return written;
    }

    /// <summary>The long tables an earlier export wrote beside <paramref name="mainPath"/>, as its provenance lists them.</summary>
    private static IEnumerable<ResultTable> ExistingLongTables(string mainPath)
    {
        string provenance = ExportPaths.Provenance(mainPath);
        if (!File.Exists(provenance)) yield break;
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(provenance));
        if (!document.RootElement.TryGetProperty("Tables", out var tables)) yield break;
        foreach (var name in tables.EnumerateArray().Skip(1).Select(t => t.GetString()).OfType<string>())
        {
            string path = ExportPaths.LongCsv(mainPath, name);
            if (File.Exists(path)) yield return CsvTables.Read(name, path);
        }
    }
}
