using System.CommandLine;
using IomapModel.Traces;
using IomapModel.Traces.Capture;
using IomapModel.Traces.Import;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel import CAPTURE [--nodeid N] [--blocksize B] [--maxbytes M] [-o FILE] [--verbose]</c>: turns a
/// tracefs text capture of fuse_iomap events into an iomap-trace v1 file (<see cref="CaptureImporter"/>). A workload
/// (an fsx ops log, a stock kernel's capture; <c>--device MAJ:MIN</c>) prints what was reconstructed, the gaps and how
/// they were filled (<see cref="ImportReportText"/>), then its operations, one per line with the line they came from.</summary>
internal static class ImportVerb
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("capture") { Description = "tracefs text (/sys/kernel/tracing/trace or trace_pipe) with fuse_iomap_* events, or a workload: a stock kernel's capture (trace, trace_pipe, trace-cmd report) or an fsx ops log" };
        var nodeId = new Option<ulong?>("--nodeid") { Description = "keep only this inode's events (default: every inode, each with its own cache)" };
        var blockSize = new Option<uint>("--blocksize") { Description = "the filesystem block size the cache assumes (no tracepoint prints it)", DefaultValueFactory = _ => 4096 };
        var maxBytes = new Option<long>("--maxbytes") { Description = "s_maxbytes (no tracepoint prints it)", DefaultValueFactory = _ => long.MaxValue };
        var output = new Option<FileInfo?>("-o", "--output") { Description = "write the trace here instead of stdout" };
        var verbose = new Option<bool>("--verbose") { Description = "list the skipped events on stderr" };
        var device = new Option<string?>("--device") { Description = "for a stock kernel's capture: the device (MAJ:MIN) whose files the workload used, when the capture has no '# device:' header" };
        var command = new Command("import", "Convert a captured kernel trace into an iomap-trace v1 file, or list the operations a workload's capture or fsx log holds") { file, nodeId, blockSize, maxBytes, output, verbose, device };
        command.SetAction(parse => parse.GetValue(file) is { Exists: true } f && WorkloadImporter.IsWorkload(TraceFormats.Detect(f.FullName))
            ? Workload(parse.GetValue(file)!, parse.GetValue(device), parse.GetValue(output))
            : Run(parse.GetValue(file)!, new CaptureImportOptions(parse.GetValue(nodeId), parse.GetValue(blockSize), parse.GetValue(maxBytes)),
            parse.GetValue(output), parse.GetValue(verbose)));
        return command;
    }

    private static int Workload(FileInfo file, string? device, FileInfo? output)
    {
        if (WorkloadInput.Load(file.ToString(), device) is not { } workload) return 2;
        using var writer = output is null ? Console.Out : new StreamWriter(output.FullName);
        ImportReportText.Write(writer, workload);
        foreach (var step in workload.Steps)
            writer.WriteLine($"{step.Line}: {step.Kind}: {FileOpText.Format(step.Op)}");
        return 0;
    }

    private static int Run(FileInfo file, CaptureImportOptions options, FileInfo? output, bool verbose)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: no such capture file");
            return 2;
        }
        if (options.BlockSize < 512 || options.BlockSize > 65536 || (options.BlockSize & (options.BlockSize - 1)) != 0 || options.MaxBytes <= 0)
        {
            Console.Error.WriteLine("expected --blocksize a power of two from 512 to 65536 and --maxbytes above 0");
            return 2;
        }
        if (CaptureReport.Load(file, options, verbose) is not { } loaded)
            return 2;
        using var writer = output is null ? Console.Out : new StreamWriter(output.FullName);
        ImportedTraceText.Write(writer, file.Name, loaded.Lines, loaded.Capture);
        return 0;
    }
}
