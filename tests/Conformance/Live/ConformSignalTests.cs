using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Live;

/// <summary>
/// <c>iomapmodel conform</c>'s promises when a run is cut short, with the real command as a child process on a script
/// long enough to be stopped in the middle: the fuse2fs daemon killed with SIGKILL gives an error naming the daemon's
/// death and exit status 2; SIGINT or SIGTERM sent to the command stops it between operations with exit status 130.
/// Every way, nothing is left behind: no mount, no loop device, no directory under the command's own TMPDIR, no change
/// to the tracing state.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class ConformSignalTests
{
    private const int SigInt = 2, SigKill = 9, SigTerm = 15;

    [LiveFact(Needs.Fuse2fs)]
    public void The_daemon_killed_mid_run_is_named_and_the_run_exits_2_leaving_nothing()
    {
        var (code, stderr) = Interrupt((child, tmp) => Kill(Daemon(tmp), SigKill));
        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.Matches(@"the fuse2fs daemon \(pid \d+\) serving .* was killed by signal 9 \(SIGKILL\) while mounted", stderr);
    }

    [LiveTheory(Needs.Fuse2fs)]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public void A_signal_to_the_command_stops_it_between_operations_with_exit_130_leaving_nothing(int signal)
    {
        var (code, stderr) = Interrupt((child, _) => Kill(child.Id, signal));
        Assert.True(code == 130, $"exit {code}: {stderr}");
        Assert.Contains("iomapmodel conform: interrupted; unmounting and removing the temporary files", stderr);
    }

    /// <summary>Starts a long conform run with its own TMPDIR, calls <paramref name="stop"/> once a few steps ran, and
    /// checks after it exited that nothing is left; returns its exit status and stderr.</summary>
    private static (int Code, string Stderr) Interrupt(Action<Process, string> stop)
    {
        ConformanceEnvironment.Require(Needs.Fuse2fs);
        var tmp = Directory.CreateTempSubdirectory("iomapmodel-signal-").FullName;
        var tracing = TracingState();
        try
        {
            var script = Path.Combine(tmp, "long.conform");
            File.WriteAllText(script, LongScript());
            using var child = CliRunner.Start(new Dictionary<string, string> { ["TMPDIR"] = tmp }, "conform", script);
            var stderr = child.StandardError.ReadToEndAsync();
            var steps = 0;
            while (child.StandardOutput.ReadLine() is { } line)
                if (line.StartsWith("step ", StringComparison.Ordinal) && ++steps == 5) break;
            if (steps < 5) Assert.Fail($"the run stopped before its fifth step: {(child.WaitForExit(10_000) ? stderr.Result : "")}");
            stop(child, tmp);
            _ = child.StandardOutput.ReadToEndAsync();
            Assert.True(child.WaitForExit(120_000), "iomapmodel conform did not exit within 120 s of the signal");
            var left = MountTable.Under(tmp + "/").Select(m => $"mount {m.MountPoint}")
                .Concat(LoopDevices.Attached().Where(a => a.BackingFile.StartsWith(tmp, StringComparison.Ordinal)).Select(a => $"loop {a.Device}"))
                .Concat(Directory.GetDirectories(tmp).Select(d => $"directory {d}")).ToList();
            Assert.True(left.Count == 0, "left behind: " + string.Join("; ", left));
            Assert.Equal(tracing, TracingState());
            return (child.ExitCode, stderr.Result);
        }
        finally
        {
            LeftoverCleaner.Release(tmp);
            Directory.Delete(tmp, recursive: true);
        }
    }

    /// <summary>Enough one-block writes that a run lasts well past its fifth step.</summary>
    private static string LongScript()
    {
        var s = new StringBuilder("conform-script v1\nmkfs mkfs.ext4 -b 4096 size=16777216\n");
        for (int i = 0; i < 4000; i++) s.Append($"write /a {i % 64 * 4096} 4096 0x{i % 255 + 1:x2}\n");
        return s.ToString();
    }

    /// <summary>The fuse2fs daemon whose mount point lies under <paramref name="tmp"/>.</summary>
    private static int Daemon(string tmp)
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

    /// <summary>What a conform run must leave as it found it: whether tracing is on, the tracer, the instances.</summary>
    private static string TracingState()
    {
        var dir = ConformanceEnvironment.TracefsDir;
        if (!File.Exists(Path.Combine(dir, "tracing_on"))) return "no tracefs";
        var instances = Directory.Exists(Path.Combine(dir, "instances")) ? Directory.GetDirectories(Path.Combine(dir, "instances")).Order().ToArray() : [];
        return $"tracing_on={File.ReadAllText(Path.Combine(dir, "tracing_on")).Trim()} tracer={File.ReadAllText(Path.Combine(dir, "current_tracer")).Trim()} " +
            $"instances=[{string.Join(",", instances.Select(Path.GetFileName))}]";
    }

    private static void Kill(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
