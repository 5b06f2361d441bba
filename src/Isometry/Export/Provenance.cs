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
        var seeds = tables.SelectMany(t => t.Numbers("Seed")).Where(s => s.HasValue).Select(s => (long)s!.Value).Distinct().OrderBy(s => s).ToList();
        string version = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Provenance).Assembly.GetName().Version?.ToString() ?? "unknown";
        int plus = version.IndexOf('+');
        if (plus >= 0) version = version[..plus];
        return new Provenance(version, DenseBackend.Default.Name, DateTimeOffset.UtcNow, seeds, tables.Select(t => t.Name).ToList());
    }

    /// <summary>Key and value pairs, in the order a person reads them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Entries => new[]
    {
        new KeyValuePair<string, string>("Module", "Isometry"),
        new("ModuleVersion", ModuleVersion),
        new("Schema", Schema),
        new("Backend", Backend),
        new("Created", Created.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)),
        new("Seeds", string.Join(" ", Seeds)),
        new("Tables", string.Join(" ", Tables)),
    };

    public byte[] ToJson()
    {
        var document = new Dictionary<string, object>
        {
            ["Module"] = "Isometry",
            ["ModuleVersion"] = ModuleVersion,
            ["Schema"] = Schema,
            ["Backend"] = Backend,
            ["Created"] = Created.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["Seeds"] = Seeds,
            ["Tables"] = Tables,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
