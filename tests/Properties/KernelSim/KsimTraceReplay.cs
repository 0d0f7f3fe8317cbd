using IomapModel.Harness.Schedule;
using IomapModel.Traces.Schedule;
using Xunit.Abstractions;

namespace IomapModel.Properties.KernelSim;

/// <summary>Loads a ksim-schedule file from traces/kernelsim/, optionally edits its lines, replays it and logs the
/// interleaving and the counters.</summary>
internal static class KsimTraceReplay
{
    public static string PathOf(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../traces/kernelsim", name));

    /// <summary>Replaces a switch on the <c>fs</c> line, e.g. ("revalidate", "off").</summary>
    public static Func<string, string> SetFs(string key, string value) =>
        l => l.StartsWith("fs ", StringComparison.Ordinal)
            ? string.Join(' ', l.Split(' ').Select(w => w.StartsWith(key + "=", StringComparison.Ordinal) ? $"{key}={value}" : w))
            : l;

    /// <summary>Parses schedule lines as if read from <paramref name="path"/>.</summary>
    public static ScheduleScript Parse(string path, IEnumerable<string> lines) =>
        ScheduleScriptParser.Parse(path, new StringReader(string.Join('\n', lines)));

    public static ScheduleOutcome Replay(string name, ITestOutputHelper output, Func<string, string>? edit = null)
    {
        var path = PathOf(name);
        var lines = File.ReadAllLines(path).Select(l => edit?.Invoke(l) ?? l).ToList();
        var r = ScheduleRunner.Run(Parse(path, lines));
        output.WriteLine($"steps: {string.Join(" ", r.Trace)}");
        output.WriteLine($"counters: {r.Counters}; moved_writes={r.MovedWrites} size={r.Size} server_size={r.ServerSize} " +
            $"data={(r.DataOk ? "ok" : "lost")}");
        foreach (var e in r.Events) output.WriteLine(e);
        foreach (var m in r.Mismatches) output.WriteLine(m);
        return r;
    }
}
