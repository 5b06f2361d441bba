using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Isometry.Export;

/// <summary>
/// Writes several files as one: each goes to a temporary file beside its target, and only when every one is
/// complete are they moved into place. A failure part way (a full disk, a folder without write permission, Ctrl+C)
/// removes the temporary files, so no half-written export is ever left on disk.
/// </summary>
public sealed class FileSet : IDisposable
{
    private readonly List<(string Temporary, string Target)> _files = new();
    private bool _committed;

    /// <summary>Opens a temporary file for <paramref name="target"/> (a full path).</summary>
    public Stream Create(string target)
    {
        string folder = Path.GetDirectoryName(target) ?? ".";
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        _files.Add((temporary, target));
        return stream;
    }

    /// <summary>Moves every temporary file onto its target, replacing what was there.</summary>
    public void Commit()
    {
        // Checked before the first move, so a target that cannot be replaced leaves every file as it was.
        foreach (var (_, target) in _files)
            if (Directory.Exists(target)) throw new IOException($"{target} is a folder; a file cannot replace it.");
        foreach (var (temporary, target) in _files) File.Move(temporary, target, overwrite: true);
        _committed = true;
    }

    public void Dispose()
    {
        if (_committed) return;
        foreach (var (temporary, _) in _files)
        {
            try { File.Delete(temporary); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>The files an export writes, named from the main one.</summary>
public static class ExportPaths
{
    /// <summary>x.csv's long table Density goes to x.Density.csv.</summary>
    public static string LongCsv(string mainPath, string table) => Sibling(mainPath, $"{table}.csv");

    /// <summary>x.csv's provenance goes to x.provenance.json.</summary>
    public static string Provenance(string mainPath) => Sibling(mainPath, "provenance.json");

    /// <summary>Whether <paramref name="path"/> is one of the files written beside <paramref name="mainPath"/> (x.*).</summary>
    public static bool IsSibling(string path, string mainPath) => path.StartsWith(Sibling(mainPath, string.Empty), StringComparison.Ordinal);

    /// <summary>x.suffix beside x.csv.</summary>
    private static string Sibling(string mainPath, string suffix) =>
        Path.Combine(Path.GetDirectoryName(mainPath) ?? ".", $"{Path.GetFileNameWithoutExtension(mainPath)}.{suffix}");

    /// <summary>Every file a CSV export of <paramref name="set"/> to <paramref name="mainPath"/> writes.</summary>
    public static IReadOnlyList<string> Csv(string mainPath, ResultSet set) =>
        new[] { mainPath }.Concat(set.Long.Select(t => LongCsv(mainPath, t.Name))).Append(Provenance(mainPath)).ToList();
}
