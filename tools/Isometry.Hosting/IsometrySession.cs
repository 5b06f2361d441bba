using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Isometry.Hosting;

/// <summary>What one invocation produced.</summary>
public sealed class InvocationResult
{
    internal InvocationResult(Collection<PSObject> output, IReadOnlyList<ErrorRecord> errors, RuntimeException? terminating, int exitCode)
    {
        Output = output;
        Errors = errors;
        TerminatingError = terminating;
        ExitCode = exitCode;
    }

    /// <summary>The objects the pipeline wrote (empty when rendered through Out-Default).</summary>
    public Collection<PSObject> Output { get; }

    /// <summary>Non-terminating errors, in order.</summary>
    public IReadOnlyList<ErrorRecord> Errors { get; }

    /// <summary>The error that stopped the script, if one did.</summary>
    public RuntimeException? TerminatingError { get; }

    /// <summary>The script's exit code: <c>exit N</c>, 1 after a terminating error, else 0.</summary>
    public int ExitCode { get; }
}

/// <summary>
/// A runspace on the real PowerShell engine (InitialSessionState.CreateDefault2) with the Isometry module
/// imported, driven through a <see cref="LineHost"/>. Not thread-safe: one pipeline at a time.
/// </summary>
public sealed class IsometrySession : IDisposable
{
    private readonly Runspace _runspace;

    public IsometrySession(string manifestPath, LineHost host)
    {
        Host = host;
        ManifestPath = Path.GetFullPath(manifestPath);
        if (!File.Exists(ManifestPath))
            throw new FileNotFoundException($"The Isometry module manifest was not found at {ManifestPath}. Build first: dotnet build -c Release.", ManifestPath);
        var iss = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(host, iss);
        _runspace.Open();
        var import = Invoke($"Import-Module -Name {Quote(ManifestPath)} -ErrorAction Stop");
        if (import.TerminatingError != null)
            throw new InvalidOperationException("Importing the Isometry module failed: " + import.TerminatingError.Message, import.TerminatingError);
    }

    public LineHost Host { get; }
    public string ManifestPath { get; }
    public Runspace Runspace => _runspace;

    /// <summary>Runs a script and returns its output objects.</summary>
    public InvocationResult Invoke(string script) => Run(ps => ps.AddScript(script), render: false);

    /// <summary>Runs a script and renders its output and errors through Out-Default to the host, as pwsh would.</summary>
    public InvocationResult Render(string script) => Run(ps => ps.AddScript(script), render: true);

    /// <summary>
    /// Runs a script file with arguments, rendering through Out-Default. Arguments bind as pwsh -File binds them:
    /// a token like <c>-Name</c> or <c>-Name:</c> names a parameter, anything else is a value (passed as a string
    /// and converted by PowerShell to the parameter's type).
    /// </summary>
    public InvocationResult RenderFile(string path, IEnumerable<string> arguments)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"No script at {full}.", full);
        var text = new System.Text.StringBuilder("& ").Append(Quote(full));
        foreach (var a in arguments)
            text.Append(' ').Append(ParameterName.IsMatch(a) ? a : Quote(a));
        return Run(ps => ps.AddScript(text.ToString()), render: true);
    }

    private static readonly System.Text.RegularExpressions.Regex ParameterName = new(@"^-[A-Za-z_][\w-]*:?$");

    private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";

    private InvocationResult Run(Action<PowerShell> build, bool render)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        build(ps);
        if (render)
        {
            // Errors join the output so Out-Default formats them in order, as an interactive shell does.
            ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
            ps.AddCommand("Out-Default");
        }
        var output = new Collection<PSObject>();
        RuntimeException? terminating = null;
        int errorsBefore = ErrorLog().Count;
        try
        {
            _runspace.SessionStateProxy.SetVariable("LASTEXITCODE", 0);
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
            if (render) Host.UI.WriteErrorLine(Describe(ex.ErrorRecord));
        }
        // Rendered errors travel with the output into Out-Default; $Error still records each one (newest first).
        var errors = render
            ? ErrorLog().Cast<object>().Take(Math.Max(0, ErrorLog().Count - errorsBefore - (terminating != null ? 1 : 0)))
                .OfType<ErrorRecord>().Reverse().ToList()
            : ps.Streams.Error.ToList();
        int? exit = Host.ExitCode;
        if (exit == null && _runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int last && last != 0) exit = last;
        if (exit == null && terminating != null) exit = 1;
        return new InvocationResult(output, errors, terminating, exit ?? 0);
    }

    private System.Collections.ArrayList ErrorLog() =>
        _runspace.SessionStateProxy.GetVariable("Error") as System.Collections.ArrayList ?? new System.Collections.ArrayList();

    private static string Describe(ErrorRecord record) =>
        string.Format(CultureInfo.InvariantCulture, "{0}\n    + CategoryInfo          : {1}\n    + FullyQualifiedErrorId : {2}",
            record, record.CategoryInfo, record.FullyQualifiedErrorId);

    public void Dispose() => _runspace.Dispose();

    /// <summary>
    /// The assembled module's manifest: out/Isometry/Isometry.psd1 in the first folder, walking up from
    /// <paramref name="start"/> (or the current directory, then this assembly's folder), that has one.
    /// </summary>
    public static string? FindManifest(string? start = null)
    {
        foreach (var origin in new[] { start, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = origin == null ? null : new DirectoryInfo(origin); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "out", "Isometry", "Isometry.psd1");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
