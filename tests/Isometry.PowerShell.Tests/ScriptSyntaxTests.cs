using System.IO;
using System.Linq;
using System.Management.Automation.Language;
using Xunit;

namespace Isometry.PowerShell.Tests;

/// <summary>
/// Every script in the repository parses with the real PowerShell parser,
/// so a typo fails here even in a script no test runs.
/// </summary>
public class ScriptSyntaxTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public ScriptSyntaxTests(SessionFixture ps) => _ps = ps;

    [Fact]
    public void EveryScriptInTheRepositoryParses()
    {
        var scripts = new[] { "tests/Pester", "examples", "bench" }
            .SelectMany(d => Directory.GetFiles(Path.Combine(_ps.RepoRoot, d), "*.ps1", SearchOption.AllDirectories))
            .Append(Path.Combine(_ps.RepoRoot, "build.ps1"))
            .ToArray();
        Assert.True(scripts.Length >= 10, $"found only {scripts.Length} scripts");
        foreach (var script in scripts)
        {
            Parser.ParseFile(script, out _, out ParseError[] errors);
            Assert.True(errors.Length == 0, $"{script}: {string.Join("; ", errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}"))}");
        }
    }

    [Fact]
    public void EachCmdletHasAPesterFile()
    {
        foreach (var cmdlet in _ps.Objects("Get-Command -Module Isometry -CommandType Cmdlet | ForEach-Object Name"))
            Assert.True(File.Exists(Path.Combine(_ps.RepoRoot, "tests", "Pester", cmdlet + ".Tests.ps1")), $"no Pester file for {cmdlet}");
    }
}
