using System.CommandLine;
using IomapModel.Harness.Replay;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;
using Spectre.Console;

namespace IomapModel.Cli;

/// <summary>The workload case of <c>iomapmodel replay FILE [--json] [--image IMG | --mkfs "..." [--size N]]
/// [--device MAJ:MIN]</c>: imports the workload, makes its starting image (<see cref="WorkloadImage"/>), replays it
/// with and without the cache (<see cref="WorkloadReplay"/>) and prints the table or the JSON object
/// (<see cref="WorkloadReplayReport"/>). A progress bar shows on stderr while a long replay runs on a terminal, never
/// in redirected output. Exit 0, or 2 on bad input.</summary>
internal static class WorkloadReplayVerb
{
    internal sealed record Args(Option<bool> Json, Option<FileInfo?> Image, Option<string?> Mkfs, Option<long> Size, Option<string?> Device)
    {
        public Option[] All => [Json, Image, Mkfs, Size, Device];
    }

    /// <summary>How many operations (over both runs) make a replay long enough for a progress bar.</summary>
    private const int ProgressFrom = 4000;

    public static Args Options() => new(
        new Option<bool>("--json") { Description = "for a workload: print one JSON object instead of the table" },
        new Option<FileInfo?>("--image") { Description = "for a workload: start from this ext2/ext3/ext4 image (only read)" },
        new Option<string?>("--mkfs") { Description = "for a workload: start from a fresh image, e.g. \"mkfs.ext4 -b 4096\" (default: the recipe in the file's header, else mkfs.ext4 -b 4096, 64 MiB)" },
        new Option<long>("--size") { Description = "with --mkfs: the filesystem size in bytes", DefaultValueFactory = _ => 64L << 20 },
        new Option<string?>("--device") { Description = "for a stock kernel's capture without a '# device:' header: the device (MAJ:MIN) the workload used" });

    /// <summary>The workload, its starting image and where that came from, or null after printing why not.</summary>
    public static (ImportedWorkload Workload, byte[] Image, string Description)? Prepare(FileInfo file, Args args, ParseResult parse)
    {
        var image = parse.GetValue(args.Image);
        var mkfsLine = parse.GetValue(args.Mkfs);
        if (image is not null && mkfsLine is not null) { Fail("give either --image or --mkfs, not both"); return null; }
        if (image is { Exists: false }) { Fail($"{image}: no such image file"); return null; }
        MkfsSpec? mkfs = null;
        if (mkfsLine is not null && (mkfs = WorkloadInput.Mkfs(mkfsLine, parse.GetValue(args.Size))) is null) return null;
        if (WorkloadInput.Load(file.ToString(), parse.GetValue(args.Device)) is not { } workload) return null;
        try
        {
            var (bytes, description) = WorkloadImage.For(workload, image?.ToString(), mkfs);
            return (workload, bytes, description);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException)
        {
            Fail($"iomapmodel: the starting image: {e.Message}");
            return null;
        }
    }

    public static int Run(FileInfo file, Args args, ParseResult parse)
    {
        if (Prepare(file, args, parse) is not var (workload, bytes, description)) return 2;
        WorkloadReplayResult result;
        try
        {
            result = Console.IsErrorRedirected || Console.IsOutputRedirected || workload.Steps.Count * 2 < ProgressFrom
                ? WorkloadReplay.Run(workload, bytes, description)
                : WithProgress(workload.Steps.Count * 2, report => WorkloadReplay.Run(workload, bytes, description, report));
        }
        catch (Ext4.Ext4CorruptionException e)
        {
            return Fail($"{description}: corrupt image: {e.Message}");
        }
        if (parse.GetValue(args.Json)) Console.Out.Write(WorkloadReplayReport.Json(result));
        else WorkloadReplayReport.Text(Console.Out, result);
        return 0;
    }

    private static WorkloadReplayResult WithProgress(int total, Func<Action<int, int>, WorkloadReplayResult> run)
    {
        WorkloadReplayResult? result = null;
        new Progress(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }))
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("replaying (cache on, then off)", maxValue: total);
                result = run((done, _) => task.Value = done);
            });
        return result!;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
