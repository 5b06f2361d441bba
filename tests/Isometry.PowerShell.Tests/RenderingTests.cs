using System;
using System.IO;
using System.Linq;
using Xunit;

namespace Isometry.PowerShell.Tests;

public class RenderingTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public RenderingTests(SessionFixture ps) => _ps = ps;

    private static string[] Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Length > 0).ToArray();

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void FixedPointTableShowsTheScannedColumns()
    {
        var text = _ps.Render("Get-FixedPoint -Activation Tanh -WeightStd 0.5, 1.5 -BiasStd 0.05");
        var lines = Lines(text);
        Assert.Equal(new[] { "Activation", "WeightStd", "BiasStd", "QStar", "Chi", "Regime", "DepthScaleQ", "DepthScaleC" }, Words(lines[0]));
        Assert.Equal(4, lines.Length);
        var row = Words(lines[3]);
        Assert.Equal(new[] { "Tanh", "1.5", "0.05" }, row.Take(3));
        Assert.Equal("Chaotic", row[5]);
        // G6: six significant digits, and no escape sequences in plain-text rendering.
        Assert.Matches(@"^0\.\d{1,6}$", row[3]);
        Assert.False(text.Contains((char)27), "escape sequence in: " + text.Replace((char)27, (char)0x2400));
    }

    [Fact]
    public void CriticalLineTableAndEmptyCells()
    {
        var text = _ps.Render("Find-CriticalLine -Activation ReLU, HardTanh, GELU -BiasStd 0, 0.1 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue");
        var lines = Lines(text);
        Assert.Equal(new[] { "Activation", "BiasStd", "WeightStd", "QStar", "LinearFraction", "IsStable" }, Words(lines[0]));
        // ReLU's marginal point has no q*: the cell is blank, so the row has five words.
        Assert.Equal(new[] { "ReLU", "0", "1.4142136", "0.5", "True" }, Words(lines[2]));
        Assert.Equal(new[] { "HardTanh", "0", "1", "0", "1", "True" }, Words(lines[3]));
        // GELU at BiasStd 0.1: chi = 1 only at a repelling fixed point; no LinearFraction for a smooth activation.
        Assert.Equal(new[] { "GELU", "0.1", "1.7270783", "0.183483", "False" }, Words(lines[6]));
    }

    [Fact]
    public void LengthMapViews()
    {
        var map = _ps.Render("Get-LengthMap -Activation Linear -WeightStd 0.5 -BiasStd 1 -Q 2");
        Assert.Equal(new[] { "Activation", "WeightStd", "BiasStd", "Q", "MapValue", "Slope" }, Words(Lines(map)[0]));
        Assert.Equal(new[] { "Linear", "0.5", "1", "2", "1.5", "0.25" }, Words(Lines(map)[2]));
        var layers = _ps.Render("Get-LengthMap -Activation Linear -WeightStd 0.5 -BiasStd 1 -InputVariance 2 -Depth 1");
        Assert.Equal(new[] { "Activation", "WeightStd", "BiasStd", "Layer", "Q", "Chi" }, Words(Lines(layers)[0]));
        Assert.Equal(new[] { "Linear", "0.5", "1", "1", "1.5", "0.25" }, Words(Lines(layers)[3]));
    }

}

/// <summary>Every example script runs cleanly: they are the README's main job and the users' first contact.</summary>
public class ExampleScriptTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public ExampleScriptTests(SessionFixture ps) => _ps = ps;

    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Isometry.sln"))) continue;
            foreach (var f in Directory.GetFiles(Path.Combine(dir.FullName, "examples"), "*.ps1").OrderBy(f => f))
                data.Add(Path.GetFileName(f));
            break;
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ExampleRunsWithoutErrors(string script)
    {
        // Long examples take -Quick (small sizes, the same code paths): the tests run that.
        string path = Path.Combine(_ps.RepoRoot, "examples", script).Replace("'", "''");
        var r = _ps.Run($"$quick = @{{}}; if ((Get-Command '{path}').Parameters.ContainsKey('Quick')) {{ $quick.Quick = $true }}; & '{path}' @quick *>&1 | Out-String");
        Assert.True(r.Errors.Length == 0, string.Join(" | ", r.Errors.Select(e => e.ToString())));
        Assert.NotEmpty(string.Concat(r.Output).Trim());
    }
}
