using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Isometry.FreeProbability;
using Isometry.MeanField;

namespace Isometry.Export;

/// <summary>
/// Reads back what <see cref="CsvExport"/> writes: the main table, its long tables (named in the provenance) and the
/// provenance, with every number exactly as it was (round-trip text), nulls as null, and the module's own result types
/// rebuilt from their columns.
/// </summary>
public static class ResultImport
{
    /// <summary>
    /// An export read back (a CSV with its side files, a JSON file, or one main sheet of a workbook): its main table
    /// (named as the results' type), long tables by name, provenance fields.
    /// </summary>
    public sealed record ImportedResult(string Path, ResultTable Main, IReadOnlyDictionary<string, ResultTable> Long,
        IReadOnlyDictionary<string, string> Provenance);

    /// <summary>Checks the provenance's schema and names the parts: the one place every format's reader ends.</summary>
    public static ImportedResult FromTables(string path, ResultTable main, IEnumerable<ResultTable> longTables, IReadOnlyDictionary<string, string> provenance)
    {
        if (!provenance.TryGetValue("Schema", out string? schema) || schema != Export.Provenance.Schema)
            throw new ExportException("UnknownSchema", schema == null
                ? $"{path} carries no schema in its provenance: it was not written by the module's exports."
                : $"{path} is in schema '{schema}', which this version of the module does not read (it reads {Export.Provenance.Schema}).");
        return new ImportedResult(path, main, longTables.ToDictionary(t => t.Name, t => t, StringComparer.OrdinalIgnoreCase), provenance);
    }

    /// <summary>Reads x.csv with x.provenance.json and the long tables it lists (x.Density.csv and so on).</summary>
    public static ImportedResult ReadCsv(string path)
    {
        if (!File.Exists(path))
            throw new ExportException("ResultFileNotFound", $"{path} does not exist.");
        string provenancePath = ExportPaths.Provenance(path);
        if (!File.Exists(provenancePath))
            throw new ExportException("NotAnIsometryExport",
                $"{path} has no {System.IO.Path.GetFileName(provenancePath)} beside it: it was not written by Export-IsometryCsv (or the side file was not copied with it).");
        Dictionary<string, string> fields;
        var tables = new List<string>();
        using (var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(provenancePath)))
        {
            fields = ProvenanceFields(document.RootElement, "Tables");
            if (document.RootElement.TryGetProperty("Tables", out var listed) && listed.ValueKind == System.Text.Json.JsonValueKind.Array)
                tables.AddRange(listed.EnumerateArray().Select(t => t.GetString()).OfType<string>());
        }
        if (tables.Count == 0) throw new ExportException("NotAnIsometryExport", $"{provenancePath} lists no tables.");
        var main = CsvTables.Read(tables[0], path);
        var longTables = new List<ResultTable>();
        foreach (var name in tables.Skip(1))
        {
            string longPath = ExportPaths.LongCsv(path, name);
            if (!File.Exists(longPath))
                throw new ExportException("LongTableMissing", $"{path} lists the table {name}, but {System.IO.Path.GetFileName(longPath)} is missing beside it.");
            longTables.Add(CsvTables.Read(name, longPath));
        }
        return FromTables(path, main, longTables, fields);
    }

    /// <summary>
    /// The provenance fields of a JSON object (a CSV's side file, a JSON export's header) as text, lists as their items
    /// separated by spaces, as a workbook's Properties sheet holds them; the properties named in <paramref name="skip"/>
    /// left out.
    /// </summary>
    internal static Dictionary<string, string> ProvenanceFields(System.Text.Json.JsonElement root, params string[] skip)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            if (skip.Contains(property.Name)) continue;
            fields[property.Name] = property.Value.ValueKind == System.Text.Json.JsonValueKind.Array
                ? string.Join(" ", property.Value.EnumerateArray().Select(v => v.ToString()))
                : property.Value.ToString();
        }
        return fields;
    }

    /// <summary>One row of a main table as named cells (the Row key left out), and its long tables' rows by table name.</summary>
    public sealed record ImportedRow(string TypeName, IReadOnlyList<KeyValuePair<string, object?>> Cells,
        IReadOnlyDictionary<string, IReadOnlyList<object?[]>> LongRows, IReadOnlyDictionary<string, IReadOnlyList<string>> LongColumns);

    /// <summary>The rows of an imported CSV in file order.</summary>
    public static IEnumerable<ImportedRow> Rows(ImportedResult file)
    {
        var main = file.Main;
        int rowColumn = main.ColumnIndex(ResultSet.RowColumn);
        var byRow = file.Long.ToDictionary(t => t.Key, t => t.Value.RowsByKey(), StringComparer.OrdinalIgnoreCase);
        string typeName = TypeOf(main);
        var longColumns = file.Long.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Value.Columns, StringComparer.OrdinalIgnoreCase);
        foreach (var row in main.Rows)
        {
            long r = main.KeyOf(row);
            var cells = new List<KeyValuePair<string, object?>>();
            for (int j = 0; j < main.Columns.Count; j++)
                if (j != rowColumn) cells.Add(new(main.Columns[j], j < row.Length ? row[j] : null));
            var longRows = new Dictionary<string, IReadOnlyList<object?[]>>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, groups) in byRow)
                if (groups.TryGetValue(r, out var list)) longRows[name] = list;
            yield return new ImportedRow(typeName, cells, longRows, longColumns);
        }
    }

    /// <summary>The columns that tell each rebuilt type's table apart from the others (the rest of its columns may follow).</summary>
    private static readonly (string Type, string[] Columns)[] Signatures =
    {
        (nameof(JacobianSpectrum), new[] { "Depth", "Init", "Activation", "WeightStd", "BiasStd", "Mean", "Variance", "ZeroAtomMass" }),
        (nameof(MeanFieldState), new[] { "Activation", "WeightStd", "BiasStd", "QStar", "Chi", "Slope", "IsStable", "Regime" }),
        (nameof(CriticalLineSample), new[] { "Activation", "BiasStd", "WeightStd", "QStar", "Chi", "IsStable" }),
    };

    /// <summary>
    /// The results' type: the table's name (a CSV's or JSON's type, a workbook's default sheet name), or, for a sheet a
    /// user named (-WorksheetName), the first type whose columns it has.
    /// </summary>
    private static string TypeOf(ResultTable main) =>
        Signatures.Any(s => s.Type == main.Name) ? main.Name
        : Signatures.FirstOrDefault(s => s.Columns.All(c => main.ColumnIndex(c) >= 0)).Type ?? main.Name;

    /// <summary>
    /// The module's object for <paramref name="row"/> when its table is one of the result types rebuilt here
    /// (MeanFieldState, CriticalLineSample, JacobianSpectrum), else null. Columns it does not know (SweepPoint, Shard)
    /// are left for the caller.
    /// </summary>
    public static object? Restore(ImportedRow row)
    {
        var c = new Cells(row);
        return row.TypeName switch
        {
            nameof(MeanFieldState) => new MeanFieldState(c.Enum<Activation>("Activation"), c.Double("WeightStd"), c.Double("BiasStd"),
                c.NullableDouble("QStar"), c.Double("Chi"), c.Double("Slope"), c.Bool("IsStable"), c.NullableDouble("LinearFraction"),
                c.Enum<Regime>("Regime"), c.NullableDouble("DepthScaleQ"), c.NullableDouble("DepthScaleC"), c.NullableDouble("CStar"), c.Text("Expression")),
            nameof(CriticalLineSample) => new CriticalLineSample(c.Enum<Activation>("Activation"), c.Double("BiasStd"), c.Double("WeightStd"),
                c.NullableDouble("QStar"), c.Double("Chi"), c.NullableDouble("LinearFraction"), c.Bool("IsStable"), c.Text("Expression")),
            nameof(JacobianSpectrum) => JacobianSpectrum.Restore(c.Int("Depth"), c.Enum<WeightInit>("Init"), c.Enum<Activation>("Activation"),
                c.Double("WeightStd"), c.Double("BiasStd"), c.NullableDouble("QStar"), c.Double("Chi"), c.NullableDouble("LinearFraction"),
                c.Double("Mean"), c.Double("Variance"), c.Double("Log10Mean"), c.NullableDouble("Log10Variance"), c.NullableDouble("LambdaMax"),
                c.NullableDouble("LambdaMin"), c.Double("ZeroAtomMass"), c.NullableDouble("AtomLambda"), c.NullableDouble("AtomMass"),
                c.NullableDouble("ContinuousMass"), c.NullableDouble("MassBelowGrid"), c.Text("Method") ?? "FreeProbability",
                c.Text("DensityError"), c.Text("Expression"), c.Density(), c.NullableInt("Width"), c.NullableInt("Networks"),
                c.NullableLong("Seed"), c.Text("Backend"), c.Values("Eigenvalues"), c.Values("LogEigenvalues"), c.NetworkMoments()),
            _ => null,
        };
    }

    /// <summary>Typed reads of a row's cells, with errors that name the column.</summary>
    private sealed class Cells
    {
        private readonly ImportedRow _row;
        private readonly Dictionary<string, object?> _cells;

        public Cells(ImportedRow row)
        {
            _row = row;
            _cells = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (k, v) in row.Cells) _cells[k] = v;
        }

        private object? Get(string column) => _cells.TryGetValue(column, out var v) ? v : null;

        private ExportException Bad(string column, object? value, string what) =>
            new("BadCell", $"{_row.TypeName} column {column} holds '{Cell.Text(value)}', not {what}.");

        public double? NullableDouble(string column) => Get(column) switch
        {
            null => null,
            object v => Cell.AsDouble(v) ?? throw Bad(column, v, "a number"),
        };

        public double Double(string column) => NullableDouble(column) ?? throw Bad(column, null, "a number");
        public long? NullableLong(string column) => NullableDouble(column) is double d ? (long)d : null;
        public int? NullableInt(string column) => NullableDouble(column) is double d ? (int)d : null;
        public int Int(string column) => (int)Double(column);

        public bool Bool(string column) => Get(column) switch
        {
            bool b => b,
            object v => throw Bad(column, v, "True or False"),
            null => throw Bad(column, null, "True or False"),
        };

        /// <summary>Text as it was written; a number-looking cell (an expression such as '1') as the text it was.</summary>
        public string? Text(string column) => Get(column) is object v ? Cell.Text(v) : null;

        public T Enum<T>(string column) where T : struct, System.Enum =>
            Text(column) is string s && System.Enum.TryParse<T>(s, ignoreCase: false, out var value) && System.Enum.IsDefined(value)
                ? value : throw Bad(column, Get(column), $"a {typeof(T).Name} name");

        private IReadOnlyList<object?[]>? LongRows(string table, out IReadOnlyList<string> columns)
        {
            columns = _row.LongColumns.TryGetValue(table, out var c) ? c : Array.Empty<string>();
            return _row.LongRows.TryGetValue(table, out var rows) ? rows : null;
        }

        private static int Column(IReadOnlyList<string> columns, string name)
        {
            for (int i = 0; i < columns.Count; i++)
                if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }

        /// <summary>The Density long table's rows in Index order.</summary>
        public DensitySample[] Density()
        {
            var rows = LongRows("Density", out var columns);
            if (rows == null) return Array.Empty<DensitySample>();
            int lambda = Column(columns, "Lambda"), value = Column(columns, "Value"), weight = Column(columns, "Weight"),
                cdf = Column(columns, "Cdf"), region = Column(columns, "Region"), index = Column(columns, ResultSet.IndexColumn);
            return rows.OrderBy(r => Cell.AsDouble(r[index]) ?? 0).Select(r => new DensitySample(
                Cell.AsDouble(r[lambda]) ?? double.NaN, Cell.AsDouble(r[value]) ?? double.NaN, Cell.AsDouble(r[weight]) ?? double.NaN,
                cdf >= 0 ? Cell.AsDouble(r[cdf]) : null, region >= 0 && r[region] is object g ? Cell.Text(g) : DensitySample.GridRegion)).ToArray();
        }

        /// <summary>The PerNetworkMoments long table's rows (a sampled spectrum's m_1..m_4 per network); null when the row has none.</summary>
        public NetworkMoment[]? NetworkMoments()
        {
            var rows = LongRows(nameof(JacobianSpectrum.PerNetworkMoments), out var columns);
            if (rows == null) return null;
            int network = Column(columns, "Network");
            var m = new[] { "M1", "M2", "M3", "M4" }.Select(name => Column(columns, name)).ToArray();
            if (network < 0 || m.Any(j => j < 0))
                throw new ExportException("BadCell", $"{_row.TypeName}'s {nameof(JacobianSpectrum.PerNetworkMoments)} table lacks one of Network, M1, M2, M3, M4.");
            double At(object?[] r, int j) => Cell.AsDouble(j < r.Length ? r[j] : null) ?? throw Bad(columns[j], j < r.Length ? r[j] : null, "a number");
            return rows.Select(r => new NetworkMoment((int)At(r, network), At(r, m[0]), At(r, m[1]), At(r, m[2]), At(r, m[3]))).ToArray();
        }

        /// <summary>A long table of plain values (Eigenvalues) in Index order; null when the row has none.</summary>
        public double[]? Values(string table)
        {
            var rows = LongRows(table, out var columns);
            if (rows == null) return null;
            int value = Column(columns, ResultSet.ValueColumn), index = Column(columns, ResultSet.IndexColumn);
            return rows.OrderBy(r => Cell.AsDouble(r[index]) ?? 0).Select(r => Cell.AsDouble(r[value]) ?? double.NaN).ToArray();
        }
    }
}
