using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Isometry.Hosting;
using Xunit;

namespace Isometry.PowerShell.Tests;

/// <summary>One runspace per test class, with the assembled module imported and plain-text, invariant rendering.</summary>
public sealed class SessionFixture : IDisposable
{
    private readonly StringWriter _out = new(), _err = new();

    public SessionFixture()
    {
        RepoRoot = FindRepoRoot();
        string manifest = Path.Combine(RepoRoot, "out", "Isometry", "Isometry.psd1");
        Session = new IsometrySession(manifest, new LineHost(_out, _err, 140, CultureInfo.InvariantCulture));
        Session.Invoke("$PSStyle.OutputRendering = 'PlainText'");
    }

    public string RepoRoot { get; }
    public IsometrySession Session { get; }

    /// <summary>Runs a script; fails the test on a terminating error.</summary>
    public InvocationResult Run(string script)
    {
        var r = Session.Invoke(script);
        Assert.True(r.TerminatingError == null, $"'{script}' threw: {r.TerminatingError?.Message}");
        return r;
    }

    /// <summary>Runs a script and asserts it wrote no error at all.</summary>
    public PSObject[] Objects(string script)
    {
        var r = Run(script);
        Assert.True(r.Errors.Count == 0, $"'{script}' wrote errors: {string.Join(" | ", r.Errors.Select(e => e.ToString()))}");
        return r.Output.ToArray();
    }

    /// <summary>What the host shows for a script rendered through Out-Default.</summary>
    public (string Out, string Err, InvocationResult Result) Render(string script)
    {
        _out.GetStringBuilder().Clear();
        _err.GetStringBuilder().Clear();
        var r = Session.Render(script);
        return (_out.ToString(), _err.ToString(), r);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Isometry.sln"))) return dir.FullName;
        throw new InvalidOperationException("Isometry.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => Session.Dispose();
}

internal static class PSObjectExtensions
{
    public static T Get<T>(this PSObject o, string name) => (T)LanguagePrimitives.ConvertTo(o.Properties[name].Value, typeof(T), CultureInfo.InvariantCulture);
    public static object? Raw(this PSObject o, string name) => o.Properties[name]?.Value;
}
