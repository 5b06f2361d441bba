using System;
using System.Collections.Generic;
using System.Linq;
using Isometry.Plotting;
using ScottPlot;

namespace Isometry.Output.Plotting;

/// <summary>What a rendered picture shows, read back from the drawn plot (for tests and -Verbose).</summary>
public sealed record RenderedPlot(string Title, string XLabel, string YLabel, int Plottables, int LegendEntries,
    double Left, double Right, double Bottom, double Top);

/// <summary>
/// Draws a <see cref="PlotSpec"/> with ScottPlot (on SkiaSharp, no System.Drawing): log axes as log10 data with
/// 10^k tick labels, a legend when there are labelled series, and the notes in the corner.
/// </summary>
public static class PlotRenderer
{
    public static byte[] Render(PlotSpec spec, int width, int height, PlotFormat format, out RenderedPlot rendered)
    {
        using var plot = Build(spec);
        plot.Axes.AutoScale();
        if (spec.YMax is double top)
        {
            var fitted = plot.Axes.GetLimits();
            double bottom = spec.YMin ?? (spec.LogY ? Math.Pow(10, fitted.Bottom) : -0.04 * top);
            plot.Axes.SetLimitsY(spec.LogY ? Math.Log10(bottom) : bottom, spec.LogY ? Math.Log10(top) : top);
        }
        if (spec.XPadding > 0)
        {
            var fitted = plot.Axes.GetLimits();
            plot.Axes.SetLimitsX(fitted.Left - spec.XPadding, fitted.Right + spec.XPadding);
        }
        var limits = plot.Axes.GetLimits();
        rendered = new RenderedPlot(plot.Axes.Title.Label.Text, plot.Axes.Bottom.Label.Text, plot.Axes.Left.Label.Text,
            plot.GetPlottables().Count(), plot.Legend.GetItems().Length, limits.Left, limits.Right, limits.Bottom, limits.Top);
        return format == PlotFormat.Svg
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static Plot Build(PlotSpec spec)
    {
        var plot = new Plot();
        plot.Font.Automatic();
        plot.Title(spec.Title);
        plot.XLabel(spec.XLabel);
        plot.YLabel(spec.YLabel);
        plot.Axes.Title.Label.FontSize = 16;
        plot.Axes.Bottom.Label.FontSize = 14;
        plot.Axes.Left.Label.FontSize = 14;
        double X(double x) => spec.LogX ? Math.Log10(x) : x;
        double Y(double y) => spec.LogY ? Math.Log10(y) : y;
        if (spec.Heatmap is { } map) AddHeatmap(plot, map);
        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var series in spec.Series)
        {
            var points = series.X.Zip(series.Y, (x, y) => (x, y))
                .Where(p => (!spec.LogX || p.x > 0) && (!spec.LogY || p.y > 0)).ToList();
            // Over a heatmap the lines must stand out from every colour of the map.
            var color = spec.Heatmap != null ? Colors.White : palette.GetColor(colour++);
            switch (series.Style)
            {
                case SeriesStyle.Bars:
                    AddBars(plot, series, color);
                    break;
                case SeriesStyle.Spikes:
                    for (int i = 0; i < points.Count; i++)
                    {
                        double x = X(points[i].x), top = Y(points[i].y);
                        var line = plot.Add.Line(x, spec.LogY ? top - 3 : 0.0, x, top);
                        line.LineColor = color;
                        line.LineWidth = 2;
                        line.LegendText = i == 0 ? series.Label : string.Empty;
                        var marker = plot.Add.Marker(x, top, MarkerShape.FilledCircle, 8, color);
                        if (series.PointLabels is { } labels && i < labels.Count)
                        {
                            var text = plot.Add.Text(labels[i], x, top);
                            text.LabelFontSize = 12;
                            text.LabelFontColor = color;
                            text.LabelAlignment = Alignment.LowerLeft;
                        }
                    }
                    break;
                default:
                    var xs = points.Select(p => X(p.x)).ToArray();
                    var ys = points.Select(p => Y(p.y)).ToArray();
                    if (xs.Length == 0) break;
                    var scatter = plot.Add.Scatter(xs, ys, color);
                    scatter.LegendText = series.Label;
                    scatter.LineWidth = series.Style is SeriesStyle.Markers ? 0 : spec.Heatmap != null ? 4 : 2;
                    scatter.MarkerSize = series.Style is SeriesStyle.Markers or SeriesStyle.LineMarkers ? (xs.Length == 1 ? 12 : 7) : 0;
                    if (series.Style == SeriesStyle.DashedLine) scatter.LinePattern = LinePattern.Dashed;
                    break;
            }
        }
        if (spec.LogX) plot.Axes.Bottom.TickGenerator = LogTicks();
        if (spec.LogY) plot.Axes.Left.TickGenerator = LogTicks();
        if (spec.Series.Any(s => s.Label.Length > 0))
        {
            plot.ShowLegend(Corner(spec.Legend));
            plot.Legend.FontSize = 11;
        }
        if (spec.Notes.Count > 0)
        {
            var note = plot.Add.Annotation(string.Join("\n", spec.Notes), Corner(spec.NotesCorner));
            note.LabelFontSize = 11;
        }
        return plot;
    }

    private static Alignment Corner(LegendCorner corner) => corner switch
    {
        LegendCorner.UpperLeft => Alignment.UpperLeft,
        LegendCorner.LowerRight => Alignment.LowerRight,
        LegendCorner.LowerLeft => Alignment.LowerLeft,
        _ => Alignment.UpperRight,
    };

    private static void AddBars(Plot plot, PlotSeries series, Color color)
    {
        // X holds the bin edges: one bar per bin, centred, as wide as the bin.
        var bars = new List<Bar>();
        for (int i = 0; i < series.Y.Count; i++)
            bars.Add(new Bar
            {
                Position = 0.5 * (series.X[i] + series.X[i + 1]),
                Value = series.Y[i],
                Size = series.X[i + 1] - series.X[i],
                FillColor = color.WithAlpha(0.45),
                LineWidth = 0,
            });
        var plottable = plot.Add.Bars(bars);
        plottable.LegendText = series.Label;
    }

    private static void AddHeatmap(Plot plot, Heatmap map)
    {
        // ScottPlot draws row 0 at the top; the spec's row 0 is the smallest Y, so rows are flipped.
        int rows = map.Y.Count, cols = map.X.Count;
        var data = new double[rows, cols];
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            data[rows - 1 - i, j] = map.Values[i, j] ?? double.NaN;
        var heatmap = plot.Add.Heatmap(data);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        // Cells are centred on the grid's points.
        double dx = (map.X[^1] - map.X[0]) / (cols - 1), dy = (map.Y[^1] - map.Y[0]) / (rows - 1);
        heatmap.Extent = new CoordinateRect(map.X[0] - dx / 2, map.X[^1] + dx / 2, map.Y[0] - dy / 2, map.Y[^1] + dy / 2);
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = map.Label;
        bar.LabelStyle.FontSize = 14;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        // Decades from 0.001 to 100000 in plain digits, beyond that as 1e-7 or 1e12.
        LabelFormatter = v =>
        {
            int k = (int)Math.Round(v);
            return k is >= -3 and <= 5
                ? Math.Pow(10, k).ToString(k < 0 ? "0.###" : "0", System.Globalization.CultureInfo.InvariantCulture)
                : "1e" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        },
    };
}
