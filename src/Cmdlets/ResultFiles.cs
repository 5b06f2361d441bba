using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Isometry.Export;

namespace Isometry.Cmdlets;

/// <summary>What Import- and Merge-IsometryResult share: finding the files, reading them, making objects of their rows.</summary>
internal static class ResultFiles
{
    /// <summary>The columns a sharded run adds to its rows.</summary>
    public static readonly string[] SweepColumns = { ActivationCmdlet.SweepPointProperty, ActivationCmdlet.ShardProperty };

    /// <summary>Full paths of the files named (wildcards expanded unless literal); each one that is missing is an error.</summary>
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, bool literal, IEnumerable<string> given)
    {
        foreach (string path in given)
        {
            List<string> found = new();
            try
            {
                if (literal)
                {
                    found.Add(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
                    if (!File.Exists(found[0])) throw new ItemNotFoundException($"Cannot find the file {found[0]}.");
                }
                else
                {
                    found.AddRange(cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out var provider));
                    if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                        throw new PSArgumentException($"{path} is on the {provider.Name} provider; results are read from files.");
                }
            }
            catch (Exception ex) when (ex is ItemNotFoundException or PSArgumentException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException)
            {
                cmdlet.WriteError(new ErrorRecord(new FileNotFoundException($"No result file at {path}: {ex.Message}", ex),
                    "ResultFileNotFound", ErrorCategory.ObjectNotFound, path));
                continue;
            }
            // A wildcard such as shard*.csv also matches the exports' long tables (shard1.Density.csv): those are read
            // with their main file, not as results of their own.
            foreach (var file in found)
                if (literal || !found.Any(main => main != file && ExportPaths.IsSibling(file, main))) yield return file;
        }
    }

    /// <summary>The file types Import- and Merge-IsometryResult read.</summary>
    public const string Formats = "the module's CSV (x.csv with x.provenance.json beside it), JSON (Export-IsometryJson) or workbook (.xlsx, Export-IsometryWorkbook) exports";

    /// <summary>
    /// One export read back (a workbook: one per result sheet), or null after its error (a file that is not the module's
    /// export, a missing side file).
    /// </summary>
    public static IReadOnlyList<ResultImport.ImportedResult>? TryRead(PSCmdlet cmdlet, string file)
    {
        string extension = System.IO.Path.GetExtension(file).ToLowerInvariant();
        if (extension is not (".csv" or ".json" or ".xlsx"))
        {
            cmdlet.WriteError(new ErrorRecord(new NotSupportedException($"{file} is not an export of the module: Import-IsometryResult reads {Formats}."),
                "UnsupportedResultFormat", ErrorCategory.InvalidArgument, file));
            return null;
        }
        try
        {
            return extension switch
            {
                ".csv" => new[] { ResultImport.ReadCsv(file) },
                ".json" => new[] { JsonExport.Read(file) },
                _ => Isometry.Output.Workbooks.WorkbookImport.Read(file),
            };
        }
        catch (ExportException ex)
        {
            cmdlet.WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            cmdlet.WriteError(new ErrorRecord(new IOException($"Could not read {file}: {ex.Message}", ex), "ResultFileUnreadable", ErrorCategory.ReadError, file));
        }
        return null;
    }

    /// <summary>
    /// The module's object for a row (a PSCustomObject with the same typed cells for a table it does not rebuild), with the
    /// sharded run's SweepPoint and Shard as note properties when asked.
    /// </summary>
    public static PSObject ToObject(ResultImport.ImportedRow row, bool keepSweepColumns)
    {
        PSObject result;
        if (ResultImport.Restore(row) is object restored)
        {
            result = PSObject.AsPSObject(restored);
            if (keepSweepColumns)
                foreach (var (name, value) in row.Cells)
                    if (SweepColumns.Contains(name, StringComparer.OrdinalIgnoreCase)) result.Properties.Add(new PSNoteProperty(name, Plain(value)));
            return result;
        }
        result = new PSObject();
        result.TypeNames.Insert(0, "Isometry.Imported." + row.TypeName);
        foreach (var (name, value) in row.Cells)
            if (keepSweepColumns || !SweepColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
                result.Properties.Add(new PSNoteProperty(name, value));
        foreach (var (table, rows) in row.LongRows)
        {
            var columns = row.LongColumns[table];
            result.Properties.Add(new PSNoteProperty(table, rows.Select(r =>
            {
                var item = new PSObject();
                for (int j = 0; j < columns.Count; j++)
                    if (!string.Equals(columns[j], ResultSet.RowColumn, StringComparison.OrdinalIgnoreCase)) item.Properties.Add(new PSNoteProperty(columns[j], j < r.Length ? r[j] : null));
                return item;
            }).ToArray()));
        }
        return result;
    }

    /// <summary>Properties that remoting adds to every object it brings back; not results.</summary>
    private static readonly string[] RemotingProperties = { "PSComputerName", "RunspaceId", "PSShowComputerName", "PSSourceJobInstanceId" };

    /// <summary>
    /// A result object (the module's own, or a Deserialized one from Invoke-Command) as the row an export of it would hold:
    /// scalar properties as cells, list properties (Density, Eigenvalues) as long rows. Lists that remoting's
    /// serialization depth turned into text are left out (their rows cannot be rebuilt from it).
    /// </summary>
    public static ResultImport.ImportedRow FromObject(PSObject item)
    {
        // The module's type among the object's type names: Select-Object puts a 'Selected.' name in front of a
        // Deserialized one's, in place.
        static string Bare(string name) => name.StartsWith("Deserialized.", StringComparison.Ordinal) ? name["Deserialized.".Length..] : name;
        string typeName = item.TypeNames.Select(Bare).FirstOrDefault(n => n.StartsWith("Isometry.", StringComparison.Ordinal))
            ?? (item.TypeNames.Count > 0 ? Bare(item.TypeNames[0]) : "Results");
        typeName = typeName[(typeName.LastIndexOf('.') + 1)..];
        var cells = new List<KeyValuePair<string, object?>>();
        var longRows = new Dictionary<string, IReadOnlyList<object?[]>>(StringComparer.OrdinalIgnoreCase);
        var longColumns = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in item.Properties)
        {
            if (!property.IsGettable || RemotingProperties.Contains(property.Name, StringComparer.OrdinalIgnoreCase)) continue;
            object? value;
            try { value = property.Value; }
            catch (Exception ex) when (ex is GetValueException or ExtendedTypeSystemException) { continue; }
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            if (value == null || Cell.IsScalar(value))
            {
                cells.Add(new(property.Name, Cell.Normalize(value)));
                continue;
            }
            if (value is not System.Collections.IEnumerable list) continue;
            var elements = list.Cast<object?>().Select(e => e is PSObject p ? p : e == null ? null : PSObject.AsPSObject(e)).ToList();
            if (elements.Count == 0) continue;
            if (elements.All(e => e != null && e.BaseObject is double or float or int or long))
            {
                longColumns[property.Name] = new[] { ResultSet.RowColumn, ResultSet.IndexColumn, ResultSet.ValueColumn };
                longRows[property.Name] = elements.Select((e, i) => new object?[] { 1.0, (double)(i + 1), Cell.Normalize(e!.BaseObject) }).ToList();
            }
            else if (elements.All(e => e != null && !Cell.IsScalar(e.BaseObject)))
            {
                var names = elements[0]!.Properties.Where(p => p.IsGettable).Select(p => p.Name).ToList();
                longColumns[property.Name] = new[] { ResultSet.RowColumn, ResultSet.IndexColumn }.Concat(names).ToList();
                longRows[property.Name] = elements.Select((e, i) => new object?[] { 1.0, (double)(i + 1) }
                    .Concat(names.Select(n => { var v = e!.Properties[n]?.Value; return Cell.Normalize(v is PSObject w ? w.BaseObject : v); })).ToArray()).ToList();
            }
        }
        return new ResultImport.ImportedRow(typeName, cells, longRows, longColumns);
    }

    /// <summary>SweepPoint as the integer it was written from.</summary>
    private static object? Plain(object? value) => value is double d && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d : value;
}
