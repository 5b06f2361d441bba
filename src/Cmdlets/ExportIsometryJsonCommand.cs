using System.IO;
using System.Linq;
using System.Management.Automation;
using Isometry.Export;

namespace Isometry.Cmdlets;

/// <summary>
/// <para type="synopsis">Writes results to one JSON file: the provenance, then each result with its array properties as arrays.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "IsometryJson", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportIsometryJsonCommand : FileExportCommand
{
    /// <summary>Add the results to an existing JSON export of the same type; the fields are matched by name.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    protected override void EndProcessing()
    {
        if (Input.Count == 0 || Stopping) return;
        string? target = ResolveTarget();
        if (target == null || !CheckExisting(new[] { target }, Append, target)) return;
        var set = ResultSet.Build(DefaultTableName(), Input.Select(i => Fields(i)), Fields);
        WriteFiles(target, $"Write {Input.Count} results as JSON" + (Append ? " (appending)" : string.Empty), files =>
        {
            if (Append && File.Exists(target))
            {
                var existing = JsonExport.Read(target);
                if (!string.Equals(existing.Main.Name, set.Main.Name, System.StringComparison.OrdinalIgnoreCase))
                    throw new ExportException("TypeDiffers",
                        $"{target} holds {existing.Main.Name} results and these are {set.Main.Name}: a JSON export holds one type. Write them to another file.");
                set = set.After(existing.Main, existing.Long.Values.ToList());
            }
            using (var stream = files.Create(target)) JsonExport.Write(stream, set);
            return new[] { target };
        });
    }
}
