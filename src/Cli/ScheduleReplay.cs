using IomapModel.Ext4;
using IomapModel.Harness.Schedule;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces;
using IomapModel.Traces.Schedule;

namespace IomapModel.Cli;

/// <summary>Replays a <c>ksim-schedule v1</c> file (traces/kernelsim/) through KernelSim (<see cref="ScheduleRunner"/>):
/// prints the setup, the interleaving, the simulated tracepoints of the actor phase, the counters and the outcome,
/// then every failed expectation. A <c>server ext4 image=...</c> line replays against <see cref="Ext4Server"/> over
/// that image. Exit code 0 when all expectations hold, 1 when one fails, 2 on a malformed file or a bad image.</summary>
internal static class ScheduleReplay
{
    public static int Run(FileInfo file, TextWriter output)
    {
        ScheduleOutcome r;
        try
        {
            r = ScheduleRunner.Run(ScheduleScriptParser.ParseFile(file.FullName));
        }
        catch (TraceSyntaxException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (Ext4CorruptionException e)
        {
            Console.Error.WriteLine($"{file.FullName}: corrupt image: {e.Message}");
            return 2;
        }
        foreach (var line in r.Setup) output.WriteLine(line);
        output.WriteLine($"steps {string.Join(' ', r.Trace)}");
        foreach (var e in r.Events) output.WriteLine(e);
        output.WriteLine($"counters {r.Counters}");
        output.WriteLine($"outcome moved_writes={r.MovedWrites} size={r.Size} server_size={r.ServerSize} allocated_blocks={r.AllocatedBlocks} data={(r.DataOk ? "ok" : "lost")}");
        foreach (var m in r.Mismatches) output.WriteLine($"expectation failed: {m}");
        output.Flush();
        return r.Mismatches.Count == 0 ? 0 : 1;
    }
}
