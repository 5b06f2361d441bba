using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Isometry.Export;

namespace Isometry.Cmdlets;

/// <summary>
/// What every cmdlet that writes files shares: -Path/-LiteralPath resolved against PowerShell's current location,
/// -Force, -NoClobber, -PassThru, -WhatIf/-Confirm, the input collected from the pipeline, and writing all or
/// nothing (<see cref="FileSet"/>): an existing file without -Force, a missing or unwritable folder, or Ctrl+C
/// leaves the disk as it was.
/// </summary>
public abstract class FileExportCommand : IsometryCmdlet
{
    protected const string PathSet = "Path";
    protected const string LiteralPathSet = "LiteralPath";

    private readonly List<PSObject> _input = new();

    /// <summary>The file to write; relative paths are resolved against the current location.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The file to write, taken exactly as typed (no wildcard characters).</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string LiteralPath { get; set; } = string.Empty;

    /// <summary>The results to write: piped in, or given as an array.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>Replace files that exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Never replace or change a file that exists (an error instead), even with -Append.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Write the files' FileInfo objects.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected IReadOnlyList<PSObject> Input => _input;

    protected override void ProcessRecord()
    {
        if (InputObject == null) return;
        // An array given to -InputObject is its elements, as when piped.
        if (InputObject.BaseObject is IList list && InputObject.BaseObject is not string)
            foreach (var item in list) { if (item != null) _input.Add(PSObject.AsPSObject(item)); }
        else _input.Add(InputObject);
    }

    /// <summary>The target as a full file-system path, or null after an error.</summary>
    protected string? ResolveTarget()
    {
        if (Force && NoClobber)
        {
            WriteError(new ErrorRecord(new PSArgumentException("-Force replaces existing files and -NoClobber forbids it: use one of them."),
                "ForceAndNoClobber", ErrorCategory.InvalidArgument, null));
            return null;
        }
        string given = ParameterSetName == LiteralPathSet ? LiteralPath : Path;
        string full;
        try
        {
            full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(given, out var provider, out _);
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                throw new PSArgumentException($"{given} is on the {provider.Name} provider; the module writes files only to the file system.");
        }
        catch (Exception ex) when (ex is PSArgumentException or ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
        {
            WriteError(new ErrorRecord(new PSArgumentException($"Cannot write to {given}: {ex.Message}", ex), "BadPath", ErrorCategory.InvalidArgument, given));
            return null;
        }
        string? folder = System.IO.Path.GetDirectoryName(full);
        if (folder != null && !Directory.Exists(folder))
        {
            WriteError(new ErrorRecord(new DirectoryNotFoundException($"The folder {folder} does not exist: create it first (New-Item -ItemType Directory), or choose another -Path."),
                "FolderNotFound", ErrorCategory.ObjectNotFound, folder));
            return null;
        }
        if (Directory.Exists(full))
        {
            WriteError(new ErrorRecord(new IOException($"{full} is a folder: give the path of a file in it."), "PathIsFolder", ErrorCategory.InvalidArgument, full));
            return null;
        }
        return full;
    }

    /// <summary>
    /// Refuses files that exist (naming the first) unless -Force, or -Append for <paramref name="appended"/>;
    /// -NoClobber refuses them always.
    /// </summary>
    protected bool CheckExisting(IEnumerable<string> targets, bool append, string appended)
    {
        foreach (string target in targets)
        {
            if (!File.Exists(target)) continue;
            if (NoClobber)
            {
                WriteError(new ErrorRecord(new IOException($"{target} exists and -NoClobber forbids changing it."), "FileExists", ErrorCategory.ResourceExists, target));
                return false;
            }
            if (Force || append && (target == appended || IsSideFile(target, appended))) continue;
            WriteError(new ErrorRecord(new IOException($"{target} already exists: use -Force to replace it" + (append ? "." : ", or -Append to add to it.")),
                "FileExists", ErrorCategory.ResourceExists, target));
            return false;
        }
        return true;
    }

    /// <summary>Files an export writes beside its main file (the CSV's long tables and provenance), appended with it.</summary>
    protected virtual bool IsSideFile(string target, string main) => false;

    /// <summary>
    /// Writes the files through a <see cref="FileSet"/> after -WhatIf/-Confirm; I/O failures become an error that
    /// says nothing was written. Returns the files written, or null.
    /// </summary>
    protected IReadOnlyList<string>? WriteFiles(string target, string action, Func<FileSet, IReadOnlyList<string>> write)
    {
        if (!ShouldProcess(target, action)) return null;
        try
        {
            using var files = new FileSet();
            var written = write(files);
            if (Stopping) return null;
            files.Commit();
            if (PassThru) foreach (string path in written) WriteObject(new FileInfo(path));
            return written;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(new IOException($"Could not write {target}: {ex.Message} Nothing was written.", ex),
                "WriteFailed", ErrorCategory.WriteError, target));
        }
        catch (IsometryException ex)
        {
            WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, target));
        }
        return null;
    }

    /// <summary>The fields of one piped object, as the exports see them: its properties (a hashtable's entries), in order.</summary>
    protected static IReadOnlyList<Field> Fields(object item)
    {
        var ps = PSObject.AsPSObject(item);
        // A plain value (a number, a string) is one cell, not its properties (a string's Length).
        if (Cell.IsScalar(ps.BaseObject)) return new[] { new Field(ResultSet.ValueColumn, ps.BaseObject) };
        if (ps.BaseObject is IDictionary dictionary)
            return dictionary.Keys.Cast<object>().Select(k => new Field(k.ToString() ?? string.Empty, Unwrap(dictionary[k]))).ToList();
        var type = ps.BaseObject.GetType();
        var fields = new List<Field>();
        foreach (var property in ps.Properties)
        {
            if (!property.IsGettable) continue;
            object? value;
            try { value = Unwrap(property.Value); }
            catch (Exception ex) when (ex is GetValueException or ExtendedTypeSystemException) { value = null; }
            // A collection property that is empty on this object (Eigenvalues of a theory spectrum) has no column.
            // (By name among all public properties: GetProperty would throw on a property hidden with 'new'.)
            if (value == null && IsCollection(type.GetProperties().FirstOrDefault(p => p.Name == property.Name)?.PropertyType)) continue;
            fields.Add(new Field(property.Name, value));
        }
        return fields;
    }

    /// <summary>The name of the main sheet or table: the results' type when they share one, Results otherwise.</summary>
    protected string DefaultTableName()
    {
        var types = Input.Select(i => i.BaseObject is PSCustomObject ? null : i.BaseObject.GetType().Name).Distinct().ToList();
        return types.Count == 1 && types[0] != null ? types[0]! : "Results";
    }

    private static object? Unwrap(object? value) => value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;

    private static bool IsCollection(Type? type) => type != null && type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);
}
