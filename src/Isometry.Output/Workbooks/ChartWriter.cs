using System.Collections.Generic;
using System.Linq;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using Isometry.Export;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using A = DocumentFormat.OpenXml.Drawing;
using Xdr = DocumentFormat.OpenXml.Drawing.Spreadsheet;

namespace Isometry.Output.Workbooks;

/// <summary>Native Excel scatter charts (lines, no markers) over ranges of a sheet, placed to the right of its data.</summary>
internal static class ChartWriter
{
    public static void Add(WorksheetPart worksheetPart, ResultTable table, IReadOnlyList<ChartPlan> charts)
    {
        var drawingsPart = worksheetPart.AddNewPart<DrawingsPart>();
        drawingsPart.WorksheetDrawing = new Xdr.WorksheetDrawing();
        int firstColumn = table.Columns.Count + 1, top = 1;
        foreach (var plan in charts)
        {
            var chartPart = drawingsPart.AddNewPart<ChartPart>();
            chartPart.ChartSpace = ChartSpace(table, plan);
            drawingsPart.WorksheetDrawing.Append(Anchor(drawingsPart.GetIdOfPart(chartPart), firstColumn, top, firstColumn + 10, top + 22));
            top += 24;
        }
        worksheetPart.Worksheet.Append(new DocumentFormat.OpenXml.Spreadsheet.Drawing { Id = worksheetPart.GetIdOfPart(drawingsPart) });
    }

    private static C.ChartSpace ChartSpace(ResultTable table, ChartPlan plan)
    {
        var scatter = new C.ScatterChart(new C.ScatterStyle { Val = C.ScatterStyleValues.LineMarker }, new C.VaryColors { Val = false });
        uint index = 0;
        foreach (var s in plan.Series)
        {
            scatter.Append(new C.ScatterChartSeries(
                new C.Index { Val = index },
                new C.Order { Val = index },
                new C.SeriesText(new C.NumericValue(s.Name)),
                new C.Marker(new C.Symbol { Val = C.MarkerStyleValues.None }),
                new C.XValues(new C.NumberReference(new C.Formula(Range(table, s.XColumn, s.FirstRow, s.LastRow)))),
                new C.YValues(new C.NumberReference(new C.Formula(Range(table, s.YColumn, s.FirstRow, s.LastRow)))),
                new C.Smooth { Val = false }));
            index++;
        }
        scatter.Append(new C.AxisId { Val = 1 }, new C.AxisId { Val = 2 });
        var chart = new C.Chart(
            Title(plan.Title, 1400),
            new C.AutoTitleDeleted { Val = false },
            new C.PlotArea(new C.Layout(), scatter,
                Axis(1, 2, C.AxisPositionValues.Bottom, plan.XTitle, plan.LogX, gridlines: false),
                Axis(2, 1, C.AxisPositionValues.Left, plan.YTitle, plan.LogY, gridlines: true)),
            new C.Legend(new C.LegendPosition { Val = C.LegendPositionValues.Bottom }, new C.Overlay { Val = false }),
            new C.PlotVisibleOnly { Val = true },
            new C.DisplayBlanksAs { Val = C.DisplayBlanksAsValues.Gap });
        return new C.ChartSpace(new C.EditingLanguage { Val = "en-US" }, new C.RoundedCorners { Val = false }, chart);
    }

    private static C.ValueAxis Axis(uint id, uint crossing, C.AxisPositionValues position, string title, bool log, bool gridlines)
    {
        var scaling = new C.Scaling();
        if (log) scaling.Append(new C.LogBase { Val = 10 });
        scaling.Append(new C.Orientation { Val = C.OrientationValues.MinMax });
        var axis = new C.ValueAxis(new C.AxisId { Val = id }, scaling, new C.Delete { Val = false }, new C.AxisPosition { Val = position });
        if (gridlines) axis.Append(new C.MajorGridlines());
        axis.Append(
            Title(title, 1000),
            new C.NumberingFormat { FormatCode = "General", SourceLinked = false },
            new C.MajorTickMark { Val = C.TickMarkValues.Outside },
            new C.MinorTickMark { Val = C.TickMarkValues.None },
            new C.TickLabelPosition { Val = C.TickLabelPositionValues.Low },
            new C.CrossingAxis { Val = crossing },
            new C.Crosses { Val = C.CrossesValues.AutoZero },
            new C.CrossBetween { Val = C.CrossBetweenValues.MidpointCategory });
        return axis;
    }

    private static C.Title Title(string text, int size) => new(
        new C.ChartText(new C.RichText(
            new A.BodyProperties(), new A.ListStyle(),
            new A.Paragraph(new A.ParagraphProperties(new A.DefaultRunProperties { FontSize = size, Bold = true }),
                new A.Run(new A.RunProperties { Language = "en-US", FontSize = size, Bold = true }, new A.Text(text))))),
        new C.Overlay { Val = false });

    /// <summary>An absolute reference to rows <paramref name="first"/>..<paramref name="last"/> (0-based data rows) of a column.</summary>
    private static string Range(ResultTable table, string column, int first, int last)
    {
        string letter = WorkbookFile.ColumnName(table.ColumnIndex(column));
        return $"'{table.Name.Replace("'", "''")}'!${letter}${first + 2}:${letter}${last + 2}";
    }

    private static Xdr.TwoCellAnchor Anchor(string chartId, int fromColumn, int fromRow, int toColumn, int toRow) => new(
        new Xdr.FromMarker(new Xdr.ColumnId(fromColumn.ToString()), new Xdr.ColumnOffset("0"), new Xdr.RowId(fromRow.ToString()), new Xdr.RowOffset("0")),
        new Xdr.ToMarker(new Xdr.ColumnId(toColumn.ToString()), new Xdr.ColumnOffset("0"), new Xdr.RowId(toRow.ToString()), new Xdr.RowOffset("0")),
        new Xdr.GraphicFrame(
            new Xdr.NonVisualGraphicFrameProperties(
                new Xdr.NonVisualDrawingProperties { Id = (UInt32Value)(uint)(fromRow + 2), Name = $"Chart {fromRow}" },
                new Xdr.NonVisualGraphicFrameDrawingProperties()),
            new Xdr.Transform(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = 0, Cy = 0 }),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = chartId }) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" })),
        new Xdr.ClientData());
}
