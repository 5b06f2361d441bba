using System;
using System.Collections.Generic;
using System.Data;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using ExcelDataReader;
using Isometry.Export;
using Isometry.FreeProbability;
using Isometry.MeanField;
using Isometry.Output.Workbooks;
using Xunit;

namespace Isometry.Tests;

/// <summary>Exports: the flat tables, the module's CSV, and workbooks read back by an independent reader.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isometry export ").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Fields by reflection, as the cmdlets' PSObject adapter gives them for the module's types.</summary>
    private static IReadOnlyList<Field> Reflect(object item) => item.GetType().GetProperties()
        .Where(p => p.GetIndexParameters().Length == 0)
        .Select(p => new Field(p.Name, p.GetValue(item)))
        .Where(f => f.Value != null || !(typeof(System.Collections.IEnumerable).IsAssignableFrom(item.GetType().GetProperty(f.Name)!.PropertyType) && item.GetType().GetProperty(f.Name)!.PropertyType != typeof(string)))
        .ToList();

    private static readonly JacobianSpectrum[] Spectra = new[] { 2, 10 }.Select(d =>
        JacobianSpectrumSolver.Solve(WeightInit.Orthogonal, Activation.Tanh, CriticalLineSolver.Solve(Activation.Tanh, 0.05).WeightStd, 0.05, d)).ToArray();

    private static ResultSet SpectraSet(string name = "Spectra") => ResultSet.Build(name, Spectra.Select(Reflect), Reflect);

    [Fact]
    public void Scalars_are_columns_keyed_by_row_and_arrays_are_long_tables()
    {
        var set = SpectraSet();
        Assert.Equal(new[] { "Row", "Depth", "Init", "Activation" }, set.Main.Columns.Take(4));
        Assert.Equal(2, set.Main.Rows.Count);
        Assert.Equal(new object?[] { 1L, 2L }, set.Main.Rows.Select(r => r[0]));
        Assert.Equal("Orthogonal", set.Main.Rows[0][set.Main.ColumnIndex("Init")]);
        Assert.Null(set.Main.Rows[0][set.Main.ColumnIndex("AtomLambda")]);
        Assert.DoesNotContain("Density", set.Main.Columns);
        var density = Assert.Single(set.Long);
        Assert.Equal("Density", density.Name);
        Assert.Equal(Spectra.Sum(s => s.Density.Count), density.Rows.Count);
        // Every long row points at its spectrum and carries its point exactly.
        int k = 0;
        for (int s = 0; s < Spectra.Length; s++)
            foreach (var p in Spectra[s].Density)
            {
                var row = density.Rows[k++];
                Assert.Equal((long)(s + 1), row[density.ColumnIndex("Row")]);
                Assert.Equal(p.Lambda, row[density.ColumnIndex("Lambda")]);
                Assert.Equal(p.Value, row[density.ColumnIndex("Value")]);
            }
    }

    [Fact]
    public void Cells_are_numbers_names_or_null_never_NaN()
    {
        Assert.Null(Cell.Normalize(double.NaN));
        Assert.Equal(3L, Cell.Normalize(3));
        Assert.Equal("Gaussian", Cell.Normalize(WeightInit.Gaussian));
        Assert.Equal(0.1, Cell.Normalize(0.1f) is double d ? Math.Round(d, 7) : -1);
        Assert.Equal("-Infinity", Cell.Text(double.NegativeInfinity));
    }

    [Fact]
    public void Csv_round_trips_every_double_bit_for_bit_in_any_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var random = new Random(7);
            var values = new[] { 0.1 + 0.2, 1e-300, 5e-324, double.MaxValue, -0.0, Math.PI, double.NegativeInfinity }
                .Concat(Enumerable.Range(0, 200).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30)))).ToArray();
            var table = new ResultTable("T", new[] { "Row", "X", "Text" },
                values.Select((v, i) => new object?[] { (long)(i + 1), v, i % 3 == 0 ? "a, \"quoted\"\nline" : null }));
            string path = Path.Combine(_folder, "t.csv");
            using (var stream = File.Create(path)) CsvTables.Write(table, stream);
            Assert.DoesNotContain(";", File.ReadAllText(path));
            var back = CsvTables.Read("T", path);
            Assert.Equal(table.Columns, back.Columns);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(values[i]), BitConverter.DoubleToInt64Bits((double)back.Rows[i][1]!));
                Assert.Equal(table.Rows[i][2], back.Rows[i][2]);
            }
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Csv_export_writes_long_tables_and_provenance_and_appends_with_shifted_keys()
    {
        string path = Path.Combine(_folder, "spectra.csv");
        using (var files = new FileSet())
        {
            CsvExport.Write(path, SpectraSet(), append: false, files);
            files.Commit();
        }
        Assert.True(File.Exists(Path.Combine(_folder, "spectra.Density.csv")));
        using (var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "spectra.provenance.json"))))
            Assert.Equal(Provenance.Schema, document.RootElement.GetProperty("Schema").GetString());
        using (var files = new FileSet())
        {
            CsvExport.Write(path, SpectraSet(), append: true, files);
            files.Commit();
        }
        var main = CsvTables.Read("m", path);
        Assert.Equal(new double?[] { 1, 2, 3, 4 }, main.Numbers("Row"));
        Assert.Equal(new double?[] { 2, 10, 2, 10 }, main.Numbers("Depth"));
        var density = CsvTables.Read("d", Path.Combine(_folder, "spectra.Density.csv"));
        int perSpectrum = Spectra[0].Density.Count;
        Assert.Equal(3.0, density.Numbers("Row")[2 * perSpectrum - 0 + Spectra[1].Density.Count - Spectra[1].Density.Count]);
        Assert.Equal(2 * Spectra.Sum(s => s.Density.Count), density.Rows.Count);
    }

    private static List<DataTable> ReadWithExcelDataReader(string path)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        // Each sheet as a table: the first row the header, cells as the reader types them (double for numeric cells).
        var tables = new List<DataTable>();
        do
        {
            var table = new DataTable(reader.Name);
            bool header = true;
            while (reader.Read())
            {
                if (header)
                {
                    for (int j = 0; j < reader.FieldCount; j++) table.Columns.Add(reader.GetValue(j)?.ToString() ?? $"Column{j}", typeof(object));
                    header = false;
                    continue;
                }
                var row = table.NewRow();
                for (int j = 0; j < reader.FieldCount && j < table.Columns.Count; j++) row[j] = reader.GetValue(j) ?? DBNull.Value;
                table.Rows.Add(row);
            }
            tables.Add(table);
        } while (reader.NextResult());
        return tables;
    }

    private string WriteWorkbook(ResultSet set, string name, bool append = false)
    {
        string path = Path.Combine(_folder, name);
        using var files = new FileSet();
        using (var stream = files.Create(path)) WorkbookExport.Write(stream, set, append ? path : null);
        files.Commit();
        return path;
    }

    [Fact]
    public void Workbook_read_back_independently_has_sheets_numeric_cells_and_exact_values()
    {
        string path = WriteWorkbook(SpectraSet(), "spectra.xlsx");
        var sheets = ReadWithExcelDataReader(path);
        Assert.Equal(new[] { "Spectra", "Spectra.Density", "Properties" }, sheets.Select(s => s.TableName));
        var main = sheets[0];
        Assert.Equal(2, main.Rows.Count);
        Assert.IsType<double>(main.Rows[1]["Variance"]);
        Assert.Equal(Spectra[1].Variance, (double)main.Rows[1]["Variance"]);
        Assert.Equal(Spectra[1].LambdaMax!.Value, (double)main.Rows[1]["LambdaMax"]);
        Assert.Equal("Tanh", main.Rows[0]["Activation"]);
        Assert.Equal(DBNull.Value, main.Rows[0]["AtomLambda"]);
        Assert.Equal(true, main.Rows[0]["HasDensity"]);
        var density = sheets[1];
        Assert.Equal(Spectra.Sum(s => s.Density.Count), density.Rows.Count);
        Assert.Equal(Spectra[0].Density[5].Value, (double)density.Rows[5]["Value"]);
        var properties = sheets[2].Rows.Cast<DataRow>().ToDictionary(r => (string)r["Key"], r => r["Value"]);
        Assert.Equal(Provenance.Schema, properties["Schema"]);
        Assert.Equal("Isometry", properties["Module"]);
    }

    [Fact]
    public void Workbook_is_valid_Open_XML_with_a_native_density_chart()
    {
        string path = WriteWorkbook(SpectraSet(), "valid.xlsx");
        using var document = SpreadsheetDocument.Open(path, false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        var charts = document.WorkbookPart!.WorksheetParts.SelectMany(w => w.DrawingsPart?.ChartParts ?? Enumerable.Empty<ChartPart>()).ToList();
        Assert.Equal(2, charts.Count);
        // The first chart is on the main sheet (lambda max and variance against depth), the second the densities.
        var chart = document.WorkbookPart.WorksheetParts.Single(w => w.Uri == DensitySheetUri(document)).DrawingsPart!.ChartParts.Single();
        var series = chart.ChartSpace.Descendants<DocumentFormat.OpenXml.Drawing.Charts.ScatterChartSeries>().ToList();
        Assert.Equal(2, series.Count);
        // The first curve's range is the first spectrum's grid rows, and nothing else.
        int grid = Spectra[0].Density.GridCount;
        Assert.Equal($"'Spectra.Density'!$C$2:$C${grid + 1}", series[0].Descendants<DocumentFormat.OpenXml.Drawing.Charts.Formula>().First().Text);
    }

    private static Uri DensitySheetUri(SpreadsheetDocument document)
    {
        var sheet = document.WorkbookPart!.Workbook.Descendants<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == "Spectra.Density");
        return document.WorkbookPart.GetPartById(sheet.Id!.Value!).Uri;
    }

    [Fact]
    public void A_depth_sweep_gets_a_chart_of_lambda_max_and_variance_on_its_own_sheet()
    {
        double sw = CriticalLineSolver.Solve(Activation.Tanh, 1.0).WeightStd;
        var sweep = Enumerable.Range(1, 30).Select(d => JacobianSpectrumSolver.Solve(WeightInit.Gaussian, Activation.Tanh, sw, 1.0, 5 * d - 4)).ToArray();
        var set = ResultSet.Build("Sweep", sweep.Select(Reflect), Reflect);
        var plans = WorkbookCharts.Plan(set.Main, set.Long.ToDictionary(t => t.Name), n => WorkbookFile.LongSheetName("Sweep", n));
        var depth = plans.Single(p => p.Sheet == "Sweep");
        Assert.Equal(new[] { "LambdaMax", "Variance" }, depth.Series.Select(s => s.YColumn));
        Assert.All(depth.Series, s => Assert.Equal((0, 29), (s.FirstRow, s.LastRow)));
        // Variance at depth 1 to lambda max at depth 146 spans more than two decades: a log axis.
        Assert.True(sweep[^1].LambdaMax!.Value / sweep[0].Variance > 100, $"{sweep[^1].LambdaMax} / {sweep[0].Variance}");
        Assert.True(depth.LogY);
    }

    [Fact]
    public void Appending_to_a_workbook_continues_rows_and_keys_and_keeps_other_sheets()
    {
        var critical = Enumerable.Range(0, 5).Select(i => CriticalLineSolver.Solve(Activation.HardTanh, 0.05 * i)).ToArray();
        string path = WriteWorkbook(ResultSet.Build("Critical", critical.Select(Reflect), Reflect), "append.xlsx");
        WriteWorkbook(SpectraSet(), "append.xlsx", append: true);
        WriteWorkbook(SpectraSet(), "append.xlsx", append: true);
        var sheets = ReadWithExcelDataReader(path);
        Assert.Equal(new[] { "Critical", "Spectra", "Spectra.Density", "Properties" }, sheets.Select(s => s.TableName));
        Assert.Equal(5, sheets[0].Rows.Count);
        Assert.Equal(new[] { 1.0, 2, 3, 4 }, sheets[1].Rows.Cast<DataRow>().Select(r => (double)r["Row"]));
        var keys = sheets[2].Rows.Cast<DataRow>().Select(r => (double)r["Row"]).Distinct();
        Assert.Equal(new[] { 1.0, 2, 3, 4 }, keys);
        Assert.Equal(Spectra[1].Density[3].Lambda, sheets[2].Rows.Cast<DataRow>().Where(r => (double)r["Row"] == 4).Skip(3).Select(r => (double)r["Lambda"]).First());
    }

    [Fact]
    public void A_file_set_that_fails_leaves_nothing_and_one_that_commits_replaces_the_targets()
    {
        string target = Path.Combine(_folder, "a.csv");
        File.WriteAllText(target, "old");
        using (var files = new FileSet())
        {
            using (var s = files.Create(target)) s.Write(Encoding.UTF8.GetBytes("new"));
            // Never committed, as when writing fails part way.
        }
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(_folder));
        string blocked = Path.Combine(_folder, "b.csv");
        Directory.CreateDirectory(blocked);
        using (var files = new FileSet())
        {
            using (var s = files.Create(target)) s.Write(Encoding.UTF8.GetBytes("new"));
            using (var s = files.Create(blocked)) s.Write(Encoding.UTF8.GetBytes("new"));
            Assert.Throws<IOException>(files.Commit);
        }
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(_folder));
    }
}
