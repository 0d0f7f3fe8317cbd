using System.CommandLine;
using IomapModel.Traces;
using IomapModel.Traces.Cache;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel replay [--results] FILE</c>: runs a cache-level trace and prints one result line per event;
/// a <c>ksim-schedule v1</c> file runs through the kernel simulator instead (<see cref="ScheduleReplay"/>).</summary>
public static class ReplayVerb
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "an iomap-trace v1 file, or a ksim-schedule v1 file (traces/kernelsim/)" };
        var results = new Option<bool>("--results") { Description = "print only the result lines, one per event (else each is prefixed with its trace line number)" };
        var debug = new Option<bool>("--debug-checks") { Description = "model a CONFIG_FUSE_IOMAP_DEBUG kernel" };
        var command = new Command("replay", "Replay a cache trace (iomap-trace v1) or a kernel schedule (ksim-schedule v1) through the model") { file, results, debug };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(results), parse.GetValue(debug)));
        return command;
    }

    private static int Run(FileInfo file, bool resultsOnly, bool debugChecks)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"{file.FullName}: no such trace file");
            return 2;
        }
        if (ScheduleReplay.IsSchedule(file)) return ScheduleReplay.Run(file, Console.Out);
        IReadOnlyList<CacheTraceEvent> events;
        try
        {
            events = CacheTraceParser.ParseFile(file.FullName);
        }
        catch (TraceSyntaxException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var output = Console.Out;
        if (resultsOnly)
        {
            new CacheReplayer(output, new IomapModel.IomapCache.IomapCacheOptions(debugChecks)).Run(events);
            output.Flush();
            return 0;
        }
        var buffer = new StringWriter();
        var replayer = new CacheReplayer(buffer, new IomapModel.IomapCache.IomapCacheOptions(debugChecks));
        foreach (var e in events)
        {
            replayer.Apply(e);
            foreach (var line in buffer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
                output.WriteLine($"{Path.GetFileName(file.Name)}:{e.Line}: {line}");
            buffer.GetStringBuilder().Clear();
        }
        if (replayer.Cache.Asserts.Hits.Count > 0)
            foreach (var hit in replayer.Cache.Asserts.Hits)
                Console.Error.WriteLine($"kernel ASSERT would warn: {hit.Condition} in {hit.Function}");
        return 0;
    }
}
