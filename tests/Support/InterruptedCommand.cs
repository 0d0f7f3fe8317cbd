using System.Diagnostics;
using System.Runtime.InteropServices;

namespace IomapModel.Support;

/// <summary>
/// What the signal and daemon-death tests of the long-running verbs (<c>conform</c>, <c>capture</c>) share: run the real
/// command with its own TMPDIR, stop it once it has said it is under way, and check afterwards that it left nothing:
/// no mount, loop device or directory under that TMPDIR, no tracefs instance or uprobe of its own, and the tracing state
/// as it was.
/// </summary>
public static class InterruptedCommand
{
    public const int SigInt = 2, SigKill = 9, SigTerm = 15;

    /// <summary>Starts <c>iomapmodel ARGS</c> (TMPDIR = <paramref name="tmp"/>), waits for a line <paramref name="started"/>
    /// accepts on the stream <paramref name="onStderr"/> names, calls <paramref name="stop"/>, and returns the exit
    /// status, stdout and stderr once it exited, after asserting that nothing is left behind.</summary>
    public static (int Code, string Stdout, string Stderr) Run(string tmp, string[] args, Func<string, bool> started, bool onStderr, Action<Process> stop)
    {
        var tracing = TracingState();
        using var child = CliRunner.Start(new Dictionary<string, string> { ["TMPDIR"] = tmp }, args);
        var (watched, other) = onStderr ? (child.StandardError, child.StandardOutput) : (child.StandardOutput, child.StandardError);
        var rest = other.ReadToEndAsync();
        var seen = new System.Text.StringBuilder();
        bool ready = false;
        while (watched.ReadLine() is { } line)
        {
            seen.AppendLine(line);
            if (started(line)) { ready = true; break; }
        }
        if (!ready) Assert.Fail($"iomapmodel {string.Join(' ', args)} ended before it was under way: {seen}{(child.WaitForExit(10_000) ? rest.Result : "")}");
        stop(child);
        var tail = watched.ReadToEndAsync();
        Assert.True(child.WaitForExit(120_000), $"iomapmodel {args[0]} did not exit within 120 s of being stopped");
        var watchedText = seen + tail.Result;
        AssertNothingLeft(tmp, tracing);
        return onStderr ? (child.ExitCode, rest.Result, watchedText) : (child.ExitCode, watchedText, rest.Result);
    }

    /// <summary>No mount, loop device or directory under <paramref name="tmp"/>; the tracing state as <paramref name="before"/>.</summary>
    public static void AssertNothingLeft(string tmp, string before)
    {
        var left = MountTable.Under(tmp + "/").Select(m => $"mount {m.MountPoint}")
            .Concat(LoopDevices.Attached().Where(a => a.BackingFile.StartsWith(tmp, StringComparison.Ordinal)).Select(a => $"loop {a.Device}"))
            .Concat(Directory.GetDirectories(tmp).Select(d => $"directory {d}")).ToList();
        Assert.True(left.Count == 0, "left behind: " + string.Join("; ", left));
        Assert.Equal(before, TracingState());
    }

    /// <summary>What a run must leave as it found it: whether tracefs is mounted, whether tracing is on, the tracer, the
    /// instances, and the uprobes a capture makes (other sessions' event toggles are theirs).</summary>
    public static string TracingState()
    {
        var dir = ConformanceEnvironment.TracefsDir;
        if (!File.Exists(Path.Combine(dir, "tracing_on"))) return "no tracefs";
        var instances = Directory.Exists(Path.Combine(dir, "instances")) ? Directory.GetDirectories(Path.Combine(dir, "instances")).Select(Path.GetFileName).Order().ToArray() : [];
        var uprobes = File.Exists(Path.Combine(dir, "uprobe_events"))
            ? File.ReadAllLines(Path.Combine(dir, "uprobe_events")).Where(l => l.Contains("iomapmodel", StringComparison.Ordinal)).ToArray() : [];
        return $"tracing_on={File.ReadAllText(Path.Combine(dir, "tracing_on")).Trim()} tracer={File.ReadAllText(Path.Combine(dir, "current_tracer")).Trim()} " +
            $"instances=[{string.Join(",", instances)}] uprobes=[{string.Join(";", uprobes)}]";
    }

    /// <summary>The fuse2fs daemon whose mount point lies under <paramref name="tmp"/>.</summary>
    public static int Fuse2fsDaemon(string tmp)
    {
        foreach (var dir in Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string[] args;
            try { args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0'); }
            catch (IOException) { continue; }
            if (args.Length > 2 && Path.GetFileName(args[0]) == "fuse2fs" && args.Any(a => a.StartsWith(tmp, StringComparison.Ordinal)))
                return int.Parse(Path.GetFileName(dir));
        }
        throw new InvalidOperationException($"no fuse2fs daemon with a mount under {tmp}");
    }

    public static void Kill(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
