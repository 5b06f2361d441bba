using System.Linq;
using System.Management.Automation;
using Isometry.Export;

namespace Isometry.Cmdlets;

/// <summary>
/// <para type="synopsis">Writes results to CSV: x.csv, a long x.Property.csv per array property, x.provenance.json.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "IsometryCsv", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(System.IO.FileInfo))]
public sealed class ExportIsometryCsvCommand : FileExportCommand
{
    /// <summary>Add the rows to an existing export (its Row numbers continue); the columns are matched by name.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    protected override bool IsSideFile(string target, string main) => ExportPaths.IsSibling(target, main);

    protected override void EndProcessing()
    {
        if (Input.Count == 0 || Stopping) return;
        string? target = ResolveTarget();
        if (target == null) return;
        var set = ResultSet.Build(DefaultTableName(), Input.Select(i => Fields(i)), Fields);
        if (!CheckExisting(ExportPaths.Csv(target, set), Append, target)) return;
        WriteFiles(target, $"Write {Input.Count} results as CSV (and {set.Long.Count} long tables, provenance)",
            files => CsvExport.Write(target, set, Append, files));
    }
}
