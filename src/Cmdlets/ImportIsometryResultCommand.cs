using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Isometry.Export;

namespace Isometry.Cmdlets;

/// <summary>
/// Import-IsometryResult: reads the module's CSV, JSON and workbook exports back as the module's own objects
/// (MeanFieldState, CriticalLineSample, JacobianSpectrum with its density or eigenvalues), every number exactly as it was
/// written.
/// </summary>
[Cmdlet(VerbsData.Import, "IsometryResult", DefaultParameterSetName = PathSet)]
[OutputType(typeof(MeanField.MeanFieldState), typeof(MeanField.CriticalLineSample), typeof(FreeProbability.JacobianSpectrum))]
public sealed class ImportIsometryResultCommand : IsometryCmdlet
{
    internal const string PathSet = "Path";
    internal const string LiteralPathSet = "LiteralPath";

    /// <summary>The exports' main CSV files (wildcards allowed); their side files are found beside them.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The files exactly as typed (no wildcards); binds to Get-ChildItem's output.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        foreach (string file in ResultFiles.Resolve(this, ParameterSetName == LiteralPathSet, ParameterSetName == LiteralPathSet ? LiteralPath : Path))
        {
            var imported = ResultFiles.TryRead(this, file);
            if (imported == null) continue;
            foreach (var row in imported.SelectMany(ResultImport.Rows))
            {
                if (Stopping) return;
                WriteObject(ResultFiles.ToObject(row, keepSweepColumns: true));
            }
        }
    }
}
