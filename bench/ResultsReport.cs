using System.Globalization;
using System.Text.Json;
using ScottPlot;

namespace IomapModel.Bench;

/// <summary>One benchmark result from BenchmarkDotNet's JSON export.</summary>
internal sealed record BenchResult(string Type, string Method, int Records, double MeanNs, double AllocatedBytes)
{
    public string Category => Method.Split('_')[0];
    public string Structure => Method.Contains('_') ? Method.Split('_')[1] : Method;
}

/// <summary>
/// <c>plot RESULTS... [-o lookup.png]</c>: reads BenchmarkDotNet JSON reports (files, or folders searched for
/// <c>*-report-brief.json</c>), prints the README's tables with each structure's ratio to the sorted array in the same
/// run, and draws hit-lookup time against extent count for every structure.
/// </summary>
internal static class ResultsReport
{
    private static readonly string[] Structures = ["IextTree", "SortedArray", "SortedList", "SortedSet", "ImmutableSortedDictionary"];

    public static int Run(string[] args)
    {
        var png = "lookup.png";
        var inputs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "-o" && i + 1 < args.Length)
                png = args[++i];
            else
                inputs.Add(args[i]);
        }
        var files = inputs.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p, "*-report-brief.json") : [p]).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine("plot: no BenchmarkDotNet JSON report given (expected files or folders with *-report-brief.json)");
            return 2;
        }
        var results = files.SelectMany(Read).ToList();
        PrintTables(results);
        Plot(results, png);
        Console.WriteLine($"\nwrote {png}");
        return 0;
    }

    private static IEnumerable<BenchResult> Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        foreach (var b in doc.RootElement.GetProperty("Benchmarks").EnumerateArray())
        {
            var parameters = b.GetProperty("Parameters").GetString() ?? "";
            var records = parameters.Split('&').Select(p => p.Split('=')).Where(kv => kv[0] == "Records")
                .Select(kv => int.Parse(kv[1], CultureInfo.InvariantCulture)).FirstOrDefault();
            if (!b.TryGetProperty("Statistics", out var stats) || stats.ValueKind != JsonValueKind.Object)
                continue; // a benchmark that failed has no statistics
            var allocated = b.TryGetProperty("Memory", out var mem) ? mem.GetProperty("BytesAllocatedPerOperation").GetDouble() : double.NaN;
            yield return new BenchResult(b.GetProperty("Type").GetString()!, b.GetProperty("Method").GetString()!, records,
                stats.GetProperty("Mean").GetDouble(), allocated);
        }
    }

    private static void PrintTables(List<BenchResult> results)
    {
        foreach (var category in new[] { "Hit", "Miss", "Before", "Append", "Insert", "Remove" })
        {
            var rows = results.Where(r => r.Category == category && Structures.Contains(r.Structure)).ToList();
            if (rows.Count == 0)
                continue;
            var perMapping = category == "Append";
            Console.WriteLine($"\n{category}: ns per {(perMapping ? "appended mapping (build time / records)" : "operation")}; ratio = structure / SortedArray\n");
            var present = Structures.Where(s => rows.Any(r => r.Structure == s)).ToList();
            Console.WriteLine("| records | " + string.Join(" | ", present) + " | IextTree / SortedArray | IextTree B/op |");
            Console.WriteLine("|---:|" + string.Concat(present.Select(_ => "---:|")) + "---:|---:|");
            foreach (var size in rows.Select(r => r.Records).Distinct().Order())
            {
                double? Ns(string s) => rows.FirstOrDefault(r => r.Structure == s && r.Records == size) is { } r
                    ? r.MeanNs / (perMapping ? size : 1) : null;
                var array = Ns("SortedArray");
                var cells = present.Select(s => Ns(s) is { } v
                    ? s == "SortedArray" || array is null ? $"{v:F1}" : $"{v:F1} ({v / array.Value:F2}x)" : "-");
                var tree = rows.FirstOrDefault(r => r.Structure == "IextTree" && r.Records == size);
                var ratio = tree is not null && array is not null ? $"{Ns("IextTree")!.Value / array.Value:F2}" : "-";
                var alloc = tree is null ? "-" : $"{tree.AllocatedBytes / (perMapping ? size : 1):F1}";
                Console.WriteLine($"| {size:N0} | {string.Join(" | ", cells)} | {ratio} | {alloc} |");
            }
        }

        var others = results.Where(r => !Structures.Contains(r.Structure)).OrderBy(r => r.Type).ThenBy(r => r.Method).ThenBy(r => r.Records).ToList();
        if (others.Count == 0)
            return;
        Console.WriteLine("\nCache paths: ns per operation\n");
        Console.WriteLine("| benchmark | records | ns/op | B/op |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var r in others)
            Console.WriteLine($"| {r.Type}.{r.Method} | {r.Records:N0} | {r.MeanNs:F1} | {r.AllocatedBytes:F0} |");
    }

    private static void Plot(List<BenchResult> results, string png)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var i = 0;
        foreach (var structure in Structures)
        {
            var points = results.Where(r => r.Category == "Hit" && r.Structure == structure).OrderBy(r => r.Records).ToList();
            if (points.Count == 0)
                continue;
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.Records)).ToArray(), points.Select(p => Math.Log10(p.MeanNs)).ToArray());
            line.LegendText = structure;
            line.Color = palette.GetColor(i++);
            line.LineWidth = structure == "IextTree" ? 3 : 1.5f;
            line.MarkerSize = 7;
        }
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Title("Lookup (hit) time against extent count");
        plot.XLabel("records in the structure");
        plot.YLabel("ns per lookup (log)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(png, 900, 560);
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString("N0", CultureInfo.InvariantCulture),
    };
}
