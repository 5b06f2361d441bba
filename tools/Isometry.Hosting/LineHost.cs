using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Isometry.Hosting;

/// <summary>
/// A minimal PowerShell host whose UI writes whole lines to a pair of writers. Out-Default renders through it,
/// so tables come out exactly as the module's format views lay them out. It never prompts: a script that asks
/// for input fails instead of hanging a batch job.
/// </summary>
public sealed class LineHost : PSHost
{
    private readonly LineHostUserInterface _ui;

    /// <param name="output">Receives output lines.</param>
    /// <param name="error">Receives error, warning, verbose and debug lines.</param>
    /// <param name="width">The line width tables are laid out for.</param>
    /// <param name="culture">The culture the engine formats with; the current culture by default.</param>
    /// <param name="supportsVirtualTerminal">Keep escape sequences (colours); false strips them, as for a file or a pipe.</param>
    public LineHost(System.IO.TextWriter output, System.IO.TextWriter error, int width = 120, CultureInfo? culture = null,
        bool supportsVirtualTerminal = false)
    {
        _ui = new LineHostUserInterface(output, error, width, supportsVirtualTerminal);
        CurrentCulture = culture ?? CultureInfo.CurrentCulture;
        CurrentUICulture = culture ?? CultureInfo.CurrentUICulture;
    }

    /// <summary>The code passed to <c>exit</c> at the top level, if any.</summary>
    public int? ExitCode { get; private set; }

    public override string Name => "IsometryHost";
    public override Version Version { get; } = new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture { get; }
    public override CultureInfo CurrentUICulture { get; }
    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Nested prompts are not supported by this host.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}

internal sealed class LineHostUserInterface : PSHostUserInterface
{
    private readonly System.IO.TextWriter _out, _err;
    private readonly LineRawUserInterface _raw;

    private readonly bool _vt;

    public LineHostUserInterface(System.IO.TextWriter output, System.IO.TextWriter error, int width, bool supportsVirtualTerminal)
    {
        _vt = supportsVirtualTerminal;
        _out = output;
        _err = error;
        _raw = new LineRawUserInterface(width);
    }

    public override PSHostRawUserInterface RawUI => _raw;
    public override bool SupportsVirtualTerminal => _vt;

    // The engine leaves escape sequences to the host. A terminal honours $PSStyle.OutputRendering; anything else
    // (a file, a pipe, a test) gets none, whatever that process-wide setting says at the moment.
    private static readonly System.Text.RegularExpressions.Regex Escapes =
        new(@"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])", System.Text.RegularExpressions.RegexOptions.Compiled);

    private string Plain(string text) =>
        _vt ? GetOutputString(text, true) : text.IndexOf('\x1b') < 0 ? text : Escapes.Replace(text, "");

    public override void Write(string value) => _out.Write(Plain(value));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => _out.Write(Plain(value));
    public override void WriteLine(string value) => _out.WriteLine(Plain(value));
    public override void WriteErrorLine(string value) => _err.WriteLine(Plain(value));
    public override void WriteWarningLine(string message) => _err.WriteLine("WARNING: " + Plain(message));
    public override void WriteVerboseLine(string message) => _err.WriteLine("VERBOSE: " + Plain(message));
    public override void WriteDebugLine(string message) => _err.WriteLine("DEBUG: " + Plain(message));
    public override void WriteProgress(long sourceId, ProgressRecord record) { }
    public override string ReadLine() => throw NoInput();
    public override SecureString ReadLineAsSecureString() => throw NoInput();
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NoInput();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoInput();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoInput();
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NoInput();

    private static PSInvalidOperationException NoInput() =>
        new("This host is non-interactive and cannot read input; pass values as parameters (for example -Confirm:$false).");
}

internal sealed class LineRawUserInterface : PSHostRawUserInterface
{
    public LineRawUserInterface(int width)
    {
        BufferSize = new Size(width, 9999);
        WindowSize = new Size(width, 50);
    }

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override Coordinates CursorPosition { get; set; }
    public override Coordinates WindowPosition { get; set; }
    public override int CursorSize { get; set; }
    public override Size BufferSize { get; set; }
    public override Size WindowSize { get; set; }
    public override Size MaxWindowSize => WindowSize;
    public override Size MaxPhysicalWindowSize => WindowSize;
    public override bool KeyAvailable => false;
    public override string WindowTitle { get; set; } = "Isometry";
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("This host cannot read keys.");
    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
}
