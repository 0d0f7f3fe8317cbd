using System.CommandLine;
using IomapModel.Harness.Pictures;
using IomapModel.Harness.Replay;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel show WORKLOAD -o OUT.png|OUT.svg [--file PATH] [--image IMG | --mkfs "..."] [--device
/// MAJ:MIN]</c>: a picture of one file over the workload (<see cref="WorkloadPicture"/>): its cached mappings by type
/// against the operation number, above the iomap upcalls with and without the cache and the cache hits per window of
/// operations. The file is the one with the most operations unless <c>--file</c> names one. Exit 0, 2 on bad input.</summary>
internal static class ShowVerb
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("workload") { Description = "an fsx ops log, a stock kernel's tracefs capture or a conform script (traces/workloads/)" };
        var output = new Option<FileInfo>("-o", "--output") { Description = "the picture to write: .png or .svg", Required = true };
        var path = new Option<string?>("--file") { Description = "the file of the workload to show, as the import names it (/NAME; default: the busiest)" };
        var workload = WorkloadReplayVerb.Options();
        var command = new Command("show", "Draw one file of a workload: its cached mappings per operation, and upcalls and hits with and without the cache") { file, output, path };
        foreach (var o in workload.All.Where(o => o != workload.Json)) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(path), workload, parse));
        return command;
    }

    private static int Run(FileInfo file, FileInfo output, string? path, WorkloadReplayVerb.Args args, ParseResult parse)
    {
        if (!output.Name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !output.Name.EndsWith(".svg", StringComparison.OrdinalIgnoreCase))
            return Fail($"-o: expected a file name ending in .png or .svg, got '{output}'");
        if (!file.Exists) return Fail($"{file}: no such workload file");
        if (WorkloadReplayVerb.Prepare(file, args, parse) is not var (workload, bytes, _)) return 2;
        var target = path is null ? WorkloadTimeline.BusiestFile(workload) : "/" + path.TrimStart('/');
        if (!workload.Paths.Contains(target))
            return Fail($"--file: {file} has no file '{target}' (it has {string.Join(", ", workload.Paths.Where(p => p != "/"))})");
        var timeline = WorkloadTimeline.Record(workload, bytes, target);
        WorkloadPicture.Save(timeline, $"{file.Name}: {target}, {workload.Steps.Count} operations ({workload.FormatKey})", output.FullName);
        Console.Error.WriteLine($"show: wrote {output} ({target}, {timeline.Spans.Count} cached mappings over {timeline.Ops} operations)");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
