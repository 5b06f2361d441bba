using System.Linq;
using System.Management.Automation;
using Isometry.Export;

namespace Isometry.Cmdlets;

/// <summary>
/// <para type="synopsis">Writes results to an Excel workbook: a sheet of their scalar properties, long sheets for arrays, native charts, provenance.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "IsometryWorkbook", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(System.IO.FileInfo))]
public sealed class ExportIsometryWorkbookCommand : FileExportCommand
{
    /// <summary>The main sheet's name; the results' type name (or Results) when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorksheetName { get; set; }

    /// <summary>Add to an existing workbook: rows go to the sheet of the same name (new sheets are added); other sheets stay.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    protected override void EndProcessing()
    {
        if (Input.Count == 0 || Stopping) return;
        string name = WorksheetName ?? DefaultTableName();
        if (Isometry.Output.Workbooks.WorkbookFile.InvalidSheetName(name) is string why)
        {
            WriteError(new ErrorRecord(new PSArgumentException($"-WorksheetName '{name}' cannot be used: {why}."), "BadWorksheetName", ErrorCategory.InvalidArgument, name));
            return;
        }
        string? target = ResolveTarget();
        if (target == null || !CheckExisting(new[] { target }, Append, target)) return;
        var set = ResultSet.Build(name, Input.Select(i => Fields(i)), Fields);
        WriteFiles(target, $"Write {Input.Count} results to the worksheet {name}" + (Append ? " (appending)" : string.Empty), files =>
        {
            using (var stream = files.Create(target))
                Isometry.Output.Workbooks.WorkbookExport.Write(stream, set, Append ? target : null);
            return new[] { target };
        });
    }
}
