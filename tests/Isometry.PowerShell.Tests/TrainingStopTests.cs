using System;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using Xunit;

namespace Isometry.PowerShell.Tests;

/// <summary>Ctrl+C during a training run: it stops promptly and keeps the rows already written.</summary>
public class TrainingStopTests : IClassFixture<SessionFixture>
{
    private readonly SessionFixture _ps;
    public TrainingStopTests(SessionFixture ps) => _ps = ps;

    [Fact]
    public void StoppingALongRunKeepsTheRowsWrittenSoFar()
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript("Invoke-TrainingRun -Dataset Teacher -Depth 4 -Width 32 -Steps 10000000 -EvaluateEvery 20");
        var output = new PSDataCollection<PSObject>();
        var rows = 0;
        output.DataAdded += (_, _) => Interlocked.Increment(ref rows);
        var handle = ps.BeginInvoke<PSObject, PSObject>(null, output);
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref rows) < 3 && clock.Elapsed < TimeSpan.FromSeconds(60)) Thread.Sleep(10);
        Assert.True(rows >= 3, "no rows within a minute");
        // What Ctrl+C does: the pipeline is stopped; the run must end within a step or two, not at step 10,000,000.
        var stopping = Stopwatch.StartNew();
        ps.Stop();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
        Assert.True(handle.IsCompleted);
        var steps = output.Select(o => o.Properties["Step"].Value).Cast<int>().ToArray();
        Assert.True(steps.Length >= 3);
        Assert.Equal(Enumerable.Range(0, steps.Length).Select(i => 20 * i), steps);
    }

    [Theory]
    [InlineData("Get-LevelSpacing -Size 600 -Matrices 100000")]
    [InlineData("Get-EnsembleSpectrum -Size 600 -Matrices 100000")]
    [InlineData("Get-FreeConvolution -Ensemble Wigner, MarchenkoPastur -Size 600 -Matrices 100000")]
    public void StoppingALongSampleEndsPromptly(string command)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _ps.Runspace;
        ps.AddScript(command);
        var handle = ps.BeginInvoke();
        Thread.Sleep(1500);
        var stopping = Stopwatch.StartNew();
        ps.Stop();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopping.Elapsed}");
        Assert.True(handle.IsCompleted);
    }
}
