using System.CommandLine;
using IomapModel.Harness.Replay;
using IomapModel.Traces;
using IomapModel.Traces.Cache;
using IomapModel.Traces.Capture;
using IomapModel.Traces.Import;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel replay [--results] FILE</c>: runs a cache-level trace and prints one result line per event;
/// a <c>ksim-schedule v1</c> file runs through the kernel simulator instead (<see cref="ScheduleReplay"/>), and a
/// tracefs capture of fuse_iomap events is imported first (<see cref="CaptureImporter"/>) and its lookups checked
/// against the kernel's. A workload (an fsx ops log, a stock kernel's capture, a conform script) replays through
/// SimKernel and the fuse2fs server twice, cache on and off (<see cref="WorkloadReplayVerb"/>).</summary>
internal static class ReplayVerb
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "an iomap-trace v1 file, a ksim-schedule v1 file (traces/kernelsim/), or a tracefs capture of fuse_iomap_* events (traces/captures/)" };
        var results = new Option<bool>("--results") { Description = "print only the result lines, one per event (else each is prefixed with its trace line number)" };
        var debug = new Option<bool>("--debug-checks") { Description = "model a CONFIG_FUSE_IOMAP_DEBUG kernel" };
        var verbose = new Option<bool>("--verbose") { Description = "for a capture: list the skipped events on stderr" };
        var workload = WorkloadReplayVerb.Options();
        var command = new Command("replay", "Replay a cache trace (iomap-trace v1), a kernel schedule (ksim-schedule v1), a captured kernel trace, or a workload (fsx ops log, stock-kernel capture, conform script) with and without the iomap cache") { file, results, debug, verbose };
        foreach (var o in workload.All) command.Options.Add(o);
        command.SetAction(parse => parse.GetValue(file) is { Exists: true } f && WorkloadImporter.IsWorkload(TraceFormats.Detect(f.FullName))
            ? WorkloadReplayVerb.Run(f, workload, parse)
            : Run(parse.GetValue(file)!, parse.GetValue(results), parse.GetValue(debug), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(FileInfo file, bool resultsOnly, bool debugChecks, bool verbose)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: no such trace file");
            return 2;
        }
        var format = TraceFormats.Detect(file.FullName);
        if (format == TraceFormat.Schedule) return ScheduleReplay.Run(file, Console.Out);
        IReadOnlyList<CacheTraceEvent> events;
        if (format == TraceFormat.Capture)
        {
            if (CaptureReport.Load(file, new CaptureImportOptions(), verbose) is not { } loaded)
                return 2;
            events = [.. loaded.Lines.Select(l => l.Event).OfType<CacheTraceEvent>()];
        }
        else
        {
            try
            {
                events = CacheTraceParser.ParseFile(file.FullName);
            }
            catch (TraceSyntaxException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        }
        return Replay(file.Name, events, resultsOnly, debugChecks);
    }

    /// <summary>Prints the replay (each line prefixed <c>FILE:LINE:</c> unless <paramref name="resultsOnly"/>); exit 1
    /// when an <c>expect</c> failed, with a count on stderr.</summary>
    private static int Replay(string name, IReadOnlyList<CacheTraceEvent> events, bool resultsOnly, bool debugChecks)
    {
        var output = Console.Out;
        var buffer = new StringWriter();
        var replayer = new CacheReplayer(resultsOnly ? output : buffer, new IomapModel.IomapCache.IomapCacheOptions(debugChecks));
        foreach (var e in events)
        {
            replayer.Apply(e);
            if (resultsOnly)
                continue;
            foreach (var line in buffer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                output.WriteLine($"{name}:{e.Line}: {line}");
            buffer.GetStringBuilder().Clear();
        }
        output.Flush();
        if (!resultsOnly)
            foreach (var hit in replayer.Asserts.Hits)
                Console.Error.WriteLine($"kernel ASSERT would warn: {hit.Condition} in {hit.Function}");
        var checks = events.Count(e => e is LookupExpectation);
        if (checks > 0)
            Console.Error.WriteLine($"{checks} lookups checked against the kernel's answers, {replayer.Mismatches.Count} mismatches");
        return replayer.Mismatches.Count > 0 ? 1 : 0;
    }
}
