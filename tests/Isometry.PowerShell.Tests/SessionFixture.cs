using System;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Xunit;

namespace Isometry.PowerShell.Tests;

/// <summary>What one invocation produced.</summary>
public sealed record InvocationResult(Collection<PSObject> Output, ErrorRecord[] Errors, RuntimeException? TerminatingError);

/// <summary>
/// One runspace per test class on the full PowerShell engine (Microsoft.PowerShell.SDK, the built-in modules of
/// pwsh), with the assembled module in out/Isometry imported. Not thread-safe: one pipeline at a time.
/// </summary>
public sealed class SessionFixture : IDisposable
{
    public SessionFixture()
    {
        RepoRoot = FindRepoRoot();
        string manifest = Path.Combine(RepoRoot, "out", "Isometry", "Isometry.psd1");
        if (!File.Exists(manifest))
            throw new FileNotFoundException($"The assembled module was not found at {manifest}. Build first: dotnet build -c Release.", manifest);
        Runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        Runspace.Open();
        Run($"Import-Module -Name '{manifest.Replace("'", "''")}' -ErrorAction Stop; $PSStyle.OutputRendering = 'PlainText'");
    }

    public string RepoRoot { get; }
    public Runspace Runspace { get; }

    /// <summary>Runs a script and returns its output, its non-terminating errors and the error that stopped it, if any.</summary>
    public InvocationResult Invoke(string script)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        try
        {
            var output = ps.Invoke();
            return new InvocationResult(output, ps.Streams.Error.ToArray(), null);
        }
        catch (RuntimeException ex)
        {
            return new InvocationResult(new Collection<PSObject>(), ps.Streams.Error.ToArray(), ex);
        }
    }

    /// <summary>Runs a script; fails the test on a terminating error.</summary>
    public InvocationResult Run(string script)
    {
        var r = Invoke(script);
        Assert.True(r.TerminatingError == null, $"'{script}' threw: {r.TerminatingError?.Message}");
        return r;
    }

    /// <summary>Runs a script and asserts it wrote no error at all.</summary>
    public PSObject[] Objects(string script)
    {
        var r = Run(script);
        Assert.True(r.Errors.Length == 0, $"'{script}' wrote errors: {string.Join(" | ", r.Errors.Select(e => e.ToString()))}");
        return r.Output.ToArray();
    }

    /// <summary>The text the module's format views give a script's output at a console width (plain text, no colours).</summary>
    public string Render(string script, int width = 120)
    {
        var text = Objects($"& {{ {script} }} | Out-String -Width {width.ToString(CultureInfo.InvariantCulture)}");
        return string.Concat(text.Select(o => o.BaseObject.ToString()));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Isometry.sln"))) return dir.FullName;
        throw new InvalidOperationException("Isometry.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => Runspace.Dispose();
}

internal static class PSObjectExtensions
{
    public static T Get<T>(this PSObject o, string name) => (T)LanguagePrimitives.ConvertTo(o.Properties[name].Value, typeof(T), CultureInfo.InvariantCulture);
    public static object? Raw(this PSObject o, string name) => o.Properties[name]?.Value;
}
