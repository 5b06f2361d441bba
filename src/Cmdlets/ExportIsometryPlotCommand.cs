using System;
using System.Linq;
using System.Management.Automation;
using Isometry.Plotting;

namespace Isometry.Cmdlets;

/// <summary>
/// <para type="synopsis">Draws results as a PNG or SVG picture: densities, growth with depth, critical lines, heatmaps, cobwebs, sampled histograms.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "IsometryPlot", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(System.IO.FileInfo))]
public sealed class ExportIsometryPlotCommand : FileExportCommand
{
    /// <summary>The picture; Auto picks one from the results.</summary>
    [Parameter]
    [StrictEnum(typeof(PlotKind))]
    public PlotKind Kind { get; set; } = PlotKind.Auto;

    /// <summary>Width in pixels.</summary>
    [Parameter]
    [StrictInteger]
    [ValidateRange(200, 8000)]
    public int Width { get; set; } = 1000;

    /// <summary>Height in pixels.</summary>
    [Parameter]
    [StrictInteger]
    [ValidateRange(150, 8000)]
    public int Height { get; set; } = 700;

    /// <summary>Density plots: the lambda axis (Auto: logarithmic when the spectra span more than three decades).</summary>
    [Parameter]
    [StrictEnum(typeof(LambdaAxis))]
    public LambdaAxis LambdaAxis { get; set; } = LambdaAxis.Auto;

    /// <summary>Heatmaps: what colours the grid, Chi or QStar.</summary>
    [Parameter]
    [StrictEnum(typeof(HeatmapValue))]
    public HeatmapValue Value { get; set; } = HeatmapValue.Chi;

    /// <summary>LearningSpeed plots: the test accuracy a run must reach.</summary>
    [Parameter]
    [StrictNumber]
    [ValidateRange(0.0, 1.0)]
    public double Threshold { get; set; } = 0.75;

    /// <summary>A title instead of the plot's own.</summary>
    [Parameter]
    public string? Title { get; set; }

    protected override void EndProcessing()
    {
        if (Input.Count == 0 || Stopping) return;
        string? target = ResolveTarget();
        if (target == null) return;
        string extension = System.IO.Path.GetExtension(target).ToLowerInvariant();
        if (extension is not ".png" and not ".svg")
        {
            WriteError(new ErrorRecord(new PSArgumentException($"{target}: the picture is written as PNG or SVG; end the path with .png or .svg."),
                "UnknownImageFormat", ErrorCategory.InvalidArgument, target));
            return;
        }
        if (!CheckExisting(new[] { target }, false, target)) return;
        var results = Input.Select(i => i.BaseObject).ToList();
        if (!TryCompute(() => PlotBuilder.Build(results, Kind, new PlotOptions(LambdaAxis, Value, Title, Threshold)), target, $"the plot {target}", out var spec)) return;
        foreach (string note in spec.Notes) WriteVerbose(note);
        var format = extension == ".svg" ? PlotFormat.Svg : PlotFormat.Png;
        WriteFiles(target, $"Draw a {spec.Kind} plot of {Input.Count} results", files =>
        {
            var bytes = Isometry.Output.Plotting.PlotRenderer.Render(spec, Width, Height, format, out var rendered);
            WriteVerbose($"{spec.Kind} plot: {rendered.Plottables} plotted items, {rendered.LegendEntries} legend entries.");
            using (var stream = files.Create(target)) stream.Write(bytes);
            return new[] { target };
        });
    }
}
