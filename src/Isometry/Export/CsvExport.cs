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
        if (append && File.Exists(mainPath))
            set = set.After(CsvTables.Read(set.Main.Name, mainPath), ExistingLongTables(mainPath, set).ToList());
        var main = set.Main;
        var longTables = set.Long;
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

    /// <summary>
    /// The long tables an earlier export wrote beside <paramref name="mainPath"/>: those its provenance lists, and any of
    /// <paramref name="set"/>'s whose file is there.
    /// </summary>
    private static IEnumerable<ResultTable> ExistingLongTables(string mainPath, ResultSet set)
    {
        var names = new List<string>();
        string provenance = ExportPaths.Provenance(mainPath);
        if (File.Exists(provenance))
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(provenance));
            if (document.RootElement.TryGetProperty("Tables", out var tables))
                names.AddRange(tables.EnumerateArray().Skip(1).Select(t => t.GetString()).OfType<string>());
        }
        foreach (var table in set.Long)
            if (!names.Contains(table.Name, System.StringComparer.OrdinalIgnoreCase)) names.Add(table.Name);
        foreach (var name in names)
        {
            string path = ExportPaths.LongCsv(mainPath, name);
            if (File.Exists(path)) yield return CsvTables.Read(name, path);
        }
    }
}
