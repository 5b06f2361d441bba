using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace Isometry.PowerShell.Tests;

/// <summary>The runner as people use it: a separate process, its output and its exit code.</summary>
public class RunnerTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public RunnerTests(SessionFixture ps) => _ps = ps;

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _ps.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "isometry-run.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), "runner hung");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void RunsTheMainExampleAndRendersTables()
    {
        var (code, stdout, stderr) = Run("examples/MeanField.ps1");
        Assert.True(code == 0, stderr);
        Assert.Contains("Activation  WeightStd  BiasStd       QStar        Chi Regime    DepthScaleQ DepthScaleC", stdout);
        Assert.Contains("Activation  BiasStd   WeightStd       QStar LinearFraction", stdout);
        Assert.False(stdout.Contains((char)27), "escape sequences in redirected output");
    }

    [Fact]
    public void RunsACommandString()
    {
        var (code, stdout, _) = Run("-Command", "(Find-CriticalLine -Activation ReLU).WeightStd");
        Assert.Equal(0, code);
        // PowerShell shows doubles with 15 significant digits.
        Assert.Equal("1.41421356237309", stdout.Trim());
    }

    [Fact]
    public void ExitCodesFollowTheScript()
    {
        string dir = Directory.CreateTempSubdirectory("isometry-runner").FullName;
        File.WriteAllText(Path.Combine(dir, "exit3.ps1"), "Get-FixedPoint | Out-Null\nexit 3\n");
        File.WriteAllText(Path.Combine(dir, "throws.ps1"), "Get-FixedPoint -Activation ReLU -BiasStd 0.1 | Out-Null\nthrow 'stop here'\n");
        File.WriteAllText(Path.Combine(dir, "soft.ps1"), "Find-CriticalLine -Activation ReLU -BiasStd 0.1\n'still here'\n");
        Assert.Equal(3, Run(Path.Combine(dir, "exit3.ps1")).Code);
        var thrown = Run(Path.Combine(dir, "throws.ps1"));
        Assert.Equal(1, thrown.Code);
        Assert.Contains("stop here", thrown.Err);
        // A non-terminating error is shown but does not fail the script, as in pwsh.
        var soft = Run(Path.Combine(dir, "soft.ps1"));
        Assert.Equal(0, soft.Code);
        Assert.Contains("ReLU has no critical WeightStd", soft.Err);
        Assert.Contains("still here", soft.Out);
        Assert.Equal(2, Run("no-such-script.ps1").Code);
    }

    [Fact]
    public void ScriptArgumentsBindByNameAndPosition()
    {
        string dir = Directory.CreateTempSubdirectory("isometry-runner").FullName;
        string script = Path.Combine(dir, "args.ps1");
        File.WriteAllText(script, "param([double] $First, [Isometry.Activation] $Activation = 'Tanh', [switch] $Loud)\n" +
                                  "'{0}|{1}|{2}' -f $First, $Activation, $Loud.IsPresent\n");
        Assert.Equal("2.5|HardTanh|True", Run(script, "2.5", "-Activation", "HardTanh", "-Loud").Out.Trim());
        Assert.Equal("-1|Erf|False", Run(script, "-Activation:", "Erf", "-1").Out.Trim());
    }
}
