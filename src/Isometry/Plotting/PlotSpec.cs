using System.Collections.Generic;

namespace Isometry.Plotting;

/// <summary>The pictures the module draws; Auto picks one from what it is given.</summary>
public enum PlotKind
{
    Auto,
    /// <summary>Spectral densities of J J^T, one curve per spectrum, atoms as marked spikes.</summary>
    Density,
    /// <summary>The largest eigenvalue and the variance of J J^T against depth.</summary>
    Depth,
    /// <summary>Critical lines (chi = 1) in the (WeightStd, BiasStd) plane.</summary>
    CriticalLine,
    /// <summary>Chi or q* over a (WeightStd, BiasStd) grid, with the critical line on it.</summary>
    Heatmap,
    /// <summary>The length map q -> f(q) with the diagonal and the iteration's cobweb.</summary>
    Cobweb,
    /// <summary>Sampled eigenvalues as a histogram of log10 lambda over the theory's density.</summary>
    Histogram,
    /// <summary>Eigenvalue densities of the random-matrix ensembles and free convolutions: theory curves, sampled histograms.</summary>
    Ensemble,
    /// <summary>Level spacings as a histogram over the Wigner surmise.</summary>
    Spacing,
    /// <summary>Training runs: test accuracy against step, the mean over seeds per configuration.</summary>
    Training,
    /// <summary>Training runs: steps to reach a test accuracy against the theory's variance of J J^T at initialization.</summary>
    LearningSpeed,
}

/// <summary>The image formats a plot is written in.</summary>
public enum PlotFormat
{
    Png,
    Svg,
}

/// <summary>How a series is drawn.</summary>
public enum SeriesStyle
{
    Line,
    DashedLine,
    Markers,
    LineMarkers,
    /// <summary>Vertical spikes from 0 to Y at each X, marked at the top: atoms.</summary>
    Spikes,
    /// <summary>Histogram bars: X are the bin edges (one more than Y), Y the heights.</summary>
    Bars,
}

/// <summary>The corner of the data area that holds the legend.</summary>
public enum LegendCorner
{
    UpperRight,
    UpperLeft,
    LowerRight,
    LowerLeft,
}

/// <summary>One series of a plot, in data units (the renderer applies the log axes).</summary>
public sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, SeriesStyle Style, IReadOnlyList<string>? PointLabels = null);

/// <summary>A heatmap over a grid: Values[i, j] at (X[j], Y[i]); null where the point has no value.</summary>
public sealed record Heatmap(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y, double?[,] Values);

/// <summary>
/// What a plot shows, independent of the library that draws it: title, axis labels and scales, the series and their
/// data. Tests read it to check a picture's content; the renderer turns it into pixels.
/// </summary>
public sealed class PlotSpec
{
    public PlotSpec(PlotKind kind, string title, string xLabel, string yLabel)
    {
        Kind = kind;
        Title = title;
        XLabel = xLabel;
        YLabel = yLabel;
    }

    public PlotKind Kind { get; }

    public string Title { get; }

    public string XLabel { get; set; }

    public string YLabel { get; set; }

    /// <summary>A log10 axis: the data are positive and span decades.</summary>
    public bool LogX { get; set; }

    public bool LogY { get; set; }

    /// <summary>The top of the value axis when the data's own maximum would flatten the picture (an integrable
    /// divergence of a density at 0); null to fit the data.</summary>
    public double? YMax { get; set; }

    /// <summary>The bottom of the value axis, when it should not follow the data (0 for counts).</summary>
    public double? YMin { get; set; }

    /// <summary>Horizontal room around the data, in axis units (decades on a log axis), so no point sits under the legend.</summary>
    public double XPadding { get; set; }

    /// <summary>Where the notes sit.</summary>
    public LegendCorner NotesCorner { get; set; } = LegendCorner.LowerLeft;

    /// <summary>Where the legend sits: the corner the data leave empty.</summary>
    public LegendCorner Legend { get; set; } = LegendCorner.UpperRight;

    public List<PlotSeries> Series { get; } = new();

    public Heatmap? Heatmap { get; set; }

    /// <summary>Lines of text the picture cannot show otherwise (points left out, atoms off the axis).</summary>
    public List<string> Notes { get; } = new();
}
