using ScottPlot;
using SkiaSharp;

namespace IomapModel.Harness.Pictures;

/// <summary>
/// Draws a <see cref="WorkloadTimeline"/> with ScottPlot: above, the file's offset against the operation number, every
/// cached mapping of the read fork a bar coloured by its type (mapped, unwritten, hole, delalloc, inline) for as long
/// as it stood, and the file's size as a line; below, per window of operations, the iomap upcalls with the cache and
/// without it and the cache hits. PNG or SVG, by the file's extension.
/// </summary>
public static class WorkloadPicture
{
    public const int Width = 1400, Height = 900;

    private static readonly (FuseIomapType Type, string Name, Color Color)[] Types =
    [
        (FuseIomapType.Mapped, "mapped", Colors.SteelBlue),
        (FuseIomapType.Unwritten, "unwritten", Colors.Orange),
        (FuseIomapType.Hole, "hole", Colors.LightGray),
        (FuseIomapType.Delalloc, "delalloc", Colors.MediumPurple),
        (FuseIomapType.Inline, "inline", Colors.SeaGreen),
    ];

    /// <summary>Writes the picture to <paramref name="output"/> (<c>.png</c> or <c>.svg</c>).</summary>
    public static void Save(WorkloadTimeline t, string title, string output)
    {
        var (top, bottom) = (Mappings(t, title), Upcalls(t));
        var padding = new PixelPadding(90, 230, 50, 40);
        top.Layout.Fixed(padding);
        bottom.Layout.Fixed(padding);
        var picture = new Multiplot();
        picture.Subplots.Add(top);
        picture.Subplots.Add(bottom);
        var grid = new ScottPlot.MultiplotLayouts.CustomGrid();
        grid.Set(top, new GridCell(0, 0, 3, 1, 2, 1));
        grid.Set(bottom, new GridCell(2, 0, 3, 1, 1, 1));
        picture.Layout = grid;
        if (!output.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
        {
            picture.SavePng(output, Width, Height);
            return;
        }
        using var stream = File.Create(output);
        using var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Width, Height), stream);
        picture.Render(canvas, new PixelRect(0, Width, Height, 0));
    }

    private static Plot Mappings(WorkloadTimeline t, string title)
    {
        var plot = new Plot();
        long maxSize = Math.Max(4096, t.Size.DefaultIfEmpty(0).Max());
        double top = maxSize * 1.05 / 1024;
        foreach (var s in t.Spans)
        {
            var (_, _, color) = Types.FirstOrDefault(x => x.Type == s.Type, (s.Type, "", Colors.Black));
            double y1 = s.Offset / 1024.0, y2 = Math.Min(top, (s.Offset + (double)s.Length) / 1024.0);
            if (y1 >= top) continue;
            var r = plot.Add.Rectangle(s.First - 0.5, s.End - 0.5, y1, y2);
            r.FillColor = color.WithAlpha(0.85);
            r.LineWidth = 0;
        }
        var xs = Enumerable.Range(0, t.Ops).Select(i => (double)i).ToArray();
        var size = plot.Add.ScatterLine(xs, t.Size.Select(v => v / 1024.0).ToArray(), Colors.Black);
        size.LineWidth = 1.5f;
        size.ConnectStyle = ConnectStyle.StepHorizontal;
        plot.Legend.ManualItems.AddRange(Types.Select(x => new LegendItem { LabelText = x.Name, FillColor = x.Color }));
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "file size", LineColor = Colors.Black, LineWidth = 1.5f });
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.ShowLegend(Edge.Right);
        plot.Title(title);
        plot.YLabel("file offset (KiB)");
        plot.Axes.SetLimits(-0.5, Math.Max(1, t.Ops) - 0.5, 0, top);
        return plot;
    }

    private static Plot Upcalls(WorkloadTimeline t)
    {
        var plot = new Plot();
        int window = Math.Max(1, (int)Math.Ceiling(t.Ops / 80.0));
        var starts = Enumerable.Range(0, (t.Ops + window - 1) / window).Select(w => w * window).ToArray();
        double[] Sum(long[] v) => [.. starts.Select(s => (double)v.Skip(s).Take(window).Sum())];
        var xs = starts.Select(s => s + (Math.Min(window, t.Ops - s) - 1) / 2.0).ToArray();
        void Line(double[] ys, Color color, string label, LinePattern pattern)
        {
            var l = plot.Add.ScatterLine(xs, ys, color);
            l.LineWidth = 2;
            l.LinePattern = pattern;
            l.LegendText = label;
        }
        Line(Sum(t.UpcallsOff), Colors.Crimson, "iomap upcalls, cache off", LinePattern.Solid);
        Line(Sum(t.UpcallsOn), Colors.SteelBlue, "iomap upcalls, cache on", LinePattern.Solid);
        Line(Sum(t.HitsOn), Colors.SeaGreen, "cache hits, cache on", LinePattern.Dashed);
        plot.ShowLegend(Edge.Right);
        plot.XLabel($"operation number (windows of {window} operation{(window == 1 ? "" : "s")})");
        plot.YLabel("per window");
        plot.Axes.SetLimitsX(-0.5, Math.Max(1, t.Ops) - 0.5);
        plot.Axes.Bottom.Min = -0.5;
        plot.Axes.AutoScaleY();
        plot.Axes.SetLimitsY(0, Math.Max(1, plot.Axes.GetLimits().Top));
        return plot;
    }
}
