using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Isometry.LinearAlgebra;

namespace Isometry.Export;

/// <summary>
/// Where an export came from: the module and its version, the schema of the files, the dense linear algebra in use
/// and the seeds of sampled results, so a colleague handed the file can reproduce it. A workbook carries it as its
/// Properties sheet, a CSV as x.provenance.json beside it.
/// </summary>
public sealed class Provenance
{
    /// <summary>The layout of the exports: a main table with a Row key, long tables per array property.</summary>
    public const string Schema = "isometry-export/1";

    public Provenance(string moduleVersion, string backend, DateTimeOffset created, IReadOnlyList<long> seeds, IReadOnlyList<string> tables)
    {
        ModuleVersion = moduleVersion;
        Backend = backend;
        Created = created;
        Seeds = seeds;
        Tables = tables;
    }

    public string ModuleVersion { get; }

    public string Backend { get; }

    public DateTimeOffset Created { get; }

    public IReadOnlyList<long> Seeds { get; }

    public IReadOnlyList<string> Tables { get; }

    /// <summary>The provenance of <paramref name="tables"/>: their Seed column's distinct values, the engine's version and backend.</summary>
    public static Provenance Of(IReadOnlyList<ResultTable> tables)
    {
        // Only tables with a Seed column (a long table of density rows has none to scan).
        var seeds = tables.Where(t => t.ColumnIndex("Seed") >= 0).SelectMany(t => t.Numbers("Seed")).Where(s => s.HasValue).Select(s => (long)s!.Value).Distinct().OrderBy(s => s).ToList();
        string version = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Provenance).Assembly.GetName().Version?.ToString() ?? "unknown";
        int plus = version.IndexOf('+');
        if (plus >= 0) version = version[..plus];
        return new Provenance(version, DenseBackend.Default.Name, DateTimeOffset.UtcNow, seeds, tables.Select(t => t.Name).ToList());
    }

    /// <summary>The fields in the order a person reads them; Seeds and Tables are lists.</summary>
    private IEnumerable<(string Key, object Value)> Fields() => new (string, object)[]
    {
        ("Module", "Isometry"),
        ("ModuleVersion", ModuleVersion),
        ("Schema", Schema),
        ("Backend", Backend),
        ("Created", Created.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
        ("Seeds", Seeds),
        ("Tables", Tables),
    };

    /// <summary>The fields for a JSON header: text, or lists (Seeds, Tables) as arrays.</summary>
    public IEnumerable<(string Key, object Value)> JsonFields => Fields();

    /// <summary>Key and value pairs for a sheet: lists as their items separated by spaces.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => Fields()
        .Select(f => new KeyValuePair<string, string>(f.Key, f.Value is System.Collections.IEnumerable list and not string
            ? string.Join(" ", list.Cast<object>().Select(x => Convert.ToString(x, System.Globalization.CultureInfo.InvariantCulture))) : (string)f.Value))
        .ToList();

    /// <summary>The same fields as a JSON object, lists as arrays.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(Fields().ToDictionary(f => f.Key, f => f.Value),
        new JsonSerializerOptions { WriteIndented = true });
}
