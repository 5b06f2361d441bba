using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using Xunit;

namespace Isometry.PowerShell.Tests;

public class ModuleTests : IClassFixture<SessionFixture>
{
    private static readonly string[] Cmdlets = { "Compare-JacobianSpectrum", "Export-IsometryCsv", "Export-IsometryJson", "Export-IsometryPlot", "Export-IsometryWorkbook",
        "Find-CriticalLine", "Get-AvoidedCrossing", "Get-EnsembleSpectrum", "Get-FixedPoint", "Get-FreeConvolution", "Get-JacobianSpectrum", "Get-LengthMap",
        "Get-LevelSpacing", "Get-PauliSum", "Import-IsometryResult", "Invoke-TrainingRun", "Measure-SpectralMoment", "Merge-IsometryResult" };
    private readonly SessionFixture _ps;
    public ModuleTests(SessionFixture ps) => _ps = ps;

    [Fact]
    public void ExportsExactlyTheListedCmdlets()
    {
        var names = _ps.Objects("Get-Command -Module Isometry -CommandType Cmdlet | ForEach-Object Name").Select(o => o.BaseObject.ToString()).OrderBy(n => n);
        Assert.Equal(Cmdlets, names);
        var aliases = _ps.Objects("Get-Command -Module Isometry -CommandType Alias | ForEach-Object Name").Select(o => o.BaseObject.ToString());
        Assert.Equal(new[] { "Measure-SpectralMoments" }, aliases);
        string manifest = File.ReadAllText(Path.Combine(_ps.RepoRoot, "module", "Isometry.psd1"));
        Assert.DoesNotContain("*", Regex.Match(manifest, @"CmdletsToExport\s*=\s*@\(([^)]*)\)").Groups[1].Value);
    }

    /// <summary>ImportExcel 7.8.10 writes any object whose type name matches this as a single scalar cell.</summary>
    private static readonly Regex ExcelScalar = new("string|timespan|datetime|bool|byte|char|decimal|double|float|int|long|sbyte|short|uint|ulong|ushort|URI", RegexOptions.IgnoreCase);

    [Fact]
    public void OutputTypesExportToExcelAsRowsOfFlatScalars()
    {
        var types = _ps.Objects("Get-Command -Module Isometry | ForEach-Object { $_.OutputType } | ForEach-Object { $_.Type }")
            .Select(o => (Type)o.BaseObject).Distinct()
            // The exports' -PassThru gives files, not results.
            .Where(t => t != typeof(FileInfo)).ToArray();
        Assert.Equal(13, types.Length);
        foreach (var t in types)
        {
            Assert.False(ExcelScalar.IsMatch(t.Name), $"{t.FullName} would export as one cell");
            Assert.False(ExcelScalar.IsMatch(t.FullName!), $"{t.FullName} would export as one cell");
            Assert.True(t.IsSealed, $"{t.Name} should be sealed");
            foreach (var p in t.GetProperties())
            {
                var pt = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                // The deliberate exceptions: a density, a sampled spectrum's eigenvalues and per-network moments, a comparison's thresholds: collections whose
                // text is a one-cell summary.
                if (pt.FullName is "Isometry.FreeProbability.SpectralDensity" or "Isometry.FreeProbability.EigenvalueList"
                    or "Isometry.Sampling.ThresholdFractions" or "Isometry.Training.GradientNorms"
                    or "Isometry.FreeProbability.NetworkMomentList") continue;
                Assert.True(pt.IsPrimitive || pt.IsEnum || pt == typeof(string), $"{t.Name}.{p.Name} is a {pt.Name}, not a flat scalar");
                Assert.False(p.CanWrite, $"{t.Name}.{p.Name} should be get-only");
            }
        }
    }

    [Theory]
    [InlineData("Get-FixedPoint -Activation T", "Tanh")]
    [InlineData("Find-CriticalLine -Activation Ha", "HardTanh")]
    [InlineData("Get-LengthMap -Activation E", "Erf")]
    [InlineData("Get-JacobianSpectrum -Init O", "Orthogonal")]
    public void ActivationTabCompletes(string input, string expected)
    {
        Assert.Contains(expected, Complete(input));
    }

    [Fact]
    public void TheDesignCardNameIsAnAlias()
    {
        var rows = _ps.Objects("1, 2, 3 | Measure-SpectralMoments -Order 2");
        Assert.Equal(2.0, rows.Single().Get<double>("M1"));
    }

    [Fact]
    public void ActivationCompletesToEveryChoice()
    {
        Assert.Equal(new[] { "Custom", "Erf", "GELU", "HardTanh", "Linear", "ReLU", "SELU", "Sigmoid", "SiLU", "Softplus", "Tanh" },
            Complete("Get-FixedPoint -Activation ").OrderBy(m => m, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>What tab completion offers at the end of <paramref name="input"/>, as an editor would ask.</summary>
    private string[] Complete(string input)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        return CommandCompletion.CompleteInput(input, input.Length, null, ps).CompletionMatches.Select(m => m.CompletionText).ToArray();
    }

    public static TheoryData<string> EveryCmdlet() => new(Cmdlets);

    [Theory]
    [MemberData(nameof(EveryCmdlet))]
    public void HelpHasASynopsisAndEveryParameterIsDescribed(string cmdlet)
    {
        var help = _ps.Objects($"Get-Help {cmdlet} -Full").Single();
        Assert.False(string.IsNullOrWhiteSpace(help.Get<string>("Synopsis")));
        var described = _ps.Objects($"(Get-Help {cmdlet} -Full).parameters.parameter | ForEach-Object {{ '{{0}}={{1}}' -f $_.name, ($_.description | ForEach-Object Text) }}")
            .Select(o => o.BaseObject.ToString()!.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        var actual = _ps.Objects($"(Get-Command {cmdlet}).Parameters.Keys | Where-Object {{ $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters }}")
            .Select(o => o.BaseObject.ToString()!).OrderBy(n => n).ToArray();
        Assert.Equal(actual, described.Keys.OrderBy(n => n));
        Assert.All(described, kv => Assert.True(kv.Value.Length > 20, $"{cmdlet} -{kv.Key} has no real description"));
    }

    [Theory]
    [MemberData(nameof(EveryCmdlet))]
    public void HelpExamplesExistAndRun(string cmdlet)
    {
        var codes = _ps.Objects($"(Get-Help {cmdlet} -Examples).examples.example | ForEach-Object {{ $_.code }}")
            .Select(o => o.BaseObject.ToString()!).ToArray();
        Assert.True(codes.Length >= 2, $"{cmdlet} has {codes.Length} examples");
        foreach (var code in codes)
        {
            // An example that demonstrates an error collects it with -ErrorVariable; none may escape or throw.
            var r = _ps.Run(code);
            Assert.True(r.Errors.Length == 0, $"example '{code}' wrote: {string.Join(" | ", r.Errors)}");
            Assert.NotEmpty(r.Output);
        }
    }
}
