using BenchmarkDotNet.Columns;
using Perfolizer.Metrology;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace IomapModel.Bench;

/// <summary>
/// <c>dotnet run -c Release -- [--quick] [BenchmarkDotNet options]</c> runs the benchmarks (all of them unless a
/// <c>--filter</c> is given); <c>footprint [N]</c> prints bytes per cached extent; <c>plot RESULTS... [-o PNG]</c> turns
/// BenchmarkDotNet's JSON results into the README's tables and the lookup picture.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["footprint", ..])
        {
            MemoryFootprint.Print(args.Length > 1 ? int.Parse(args[1]) : 1_000_000);
            return 0;
        }
        if (args is ["plot", ..])
            return ResultsReport.Run(args[1..]);

        BenchSizes.Quick = args.Contains("--quick");
        var rest = args.Where(a => a != "--quick").ToList();
        if (!rest.Contains("--filter"))
            rest.AddRange(["--filter", "*"]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], Config(BenchSizes.Quick));
        return 0;
    }

    /// <summary>Two shared cores: one launch, few iterations, short ones; <c>--quick</c> runs in process and shorter
    /// still. Times in ns, sizes in bytes, without units in the cells, so the exported tables parse.</summary>
    private static IConfig Config(bool quick)
    {
        var job = quick
            ? Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(100)).WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick")
            : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10)
                .WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Full");
        var style = SummaryStyle.Default.WithTimeUnit(TimeUnit.Nanosecond).WithSizeUnit(SizeUnit.B);
        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddExporter(JsonExporter.Brief, MarkdownExporter.GitHub, new CsvExporter(CsvSeparator.Comma, style))
            .WithSummaryStyle(style);
    }
}
