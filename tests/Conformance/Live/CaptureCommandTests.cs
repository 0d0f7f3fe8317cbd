using System.Text.Json;
using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Live;

/// <summary>
/// <c>iomapmodel capture</c> end to end, as a child process: a small dd workload captured on a kernel loop mount and on
/// the real fuse2fs daemon imports into its file operations and replays, with fewer FUSE_IOMAP_BEGIN with the cache
/// than without where the workload overwrites; the fuse2fs capture carries the measured FUSE requests. Its cleanup
/// promises, each with nothing left behind (no mount, loop device or directory under its TMPDIR, no tracefs instance or
/// uprobe, tracing as it was): a failing workload still gives a capture and exit 1; SIGINT or SIGTERM give 130 and no
/// capture; the fuse2fs daemon killed under the workload gives 2, naming the daemon's death.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class CaptureCommandTests
{
    /// <summary>Writes 16 blocks and syncs them, overwrites them in place and syncs again, then reads them back.</summary>
    private static readonly string[] Workload =
    [
        "sh", "-c",
        "dd if=/dev/zero of=f bs=4096 count=16 conv=fsync 2>/dev/null && dd if=/dev/zero of=f bs=4096 count=16 conv=notrunc,fsync 2>/dev/null && dd if=f of=/dev/null bs=4096 2>/dev/null",
    ];

    [LiveTheory(Needs.LoopMount | Needs.Fuse2fs | Needs.Tracefs)]
    [InlineData("--kernel")]
    [InlineData("--fuse2fs")]
    public void A_captured_workload_imports_its_writes_and_replays_with_fewer_iomap_begins_with_the_cache(string mount)
    {
        WithTmp(tmp =>
        {
            var capture = Path.Combine(tmp, "dd.tracefs");
            var tracing = InterruptedCommand.TracingState();
            var (code, _, stderr) = Run(tmp, ["capture", mount, "-o", capture, "--", .. Workload]);
            Assert.True(code == 0, stderr);
            InterruptedCommand.AssertNothingLeft(tmp, tracing);
            var text = File.ReadAllText(capture);
            Assert.StartsWith("# iomapmodel-capture v1\n", text);
            Assert.Contains("# file: ino 12 size 65536 ", text);
            Assert.Contains(mount == "--kernel" ? "# mount: kernel-ext4 loop" : "# mount: fuse2fs", text);

            var (icode, listing, ierr) = CliRunner.Run("import", capture);
            Assert.True(icode == 0, ierr);
            Assert.Contains("file /f (ino 12)", listing);
            Assert.Equal(32, CliRunner.Lines(listing).Count(l => l.Contains(": write: write /f ", StringComparison.Ordinal)));

            var (rcode, json, rerr) = CliRunner.Run("replay", "--json", capture);
            Assert.True(rcode == 0, rerr);
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Assert.Equal("tracefs", root.GetProperty("format").GetString());
            long on = root.GetProperty("cache_on").GetProperty("iomap_begin").GetInt64(), off = root.GetProperty("cache_off").GetProperty("iomap_begin").GetInt64();
            Assert.True(on < off, $"cache on {on} FUSE_IOMAP_BEGIN, off {off}");
            var measured = root.GetProperty("measured");
            if (mount == "--kernel") Assert.Equal(JsonValueKind.Null, measured.ValueKind);
            else Assert.True(measured.GetProperty("FUSE_WRITE").GetProperty("count").GetInt32() >= 32, measured.ToString());
        });
    }

    [LiveFact(Needs.LoopMount | Needs.Tracefs)]
    public void A_failing_workload_still_gives_its_capture_and_exit_1_leaving_nothing()
    {
        WithTmp(tmp =>
        {
            var capture = Path.Combine(tmp, "fail.tracefs");
            var tracing = InterruptedCommand.TracingState();
            var (code, _, stderr) = Run(tmp, ["capture", "-o", capture, "--", "sh", "-c", "echo data > f; exit 3"]);
            Assert.True(code == 1, $"exit {code}: {stderr}");
            Assert.Contains("the workload exited 3", stderr);
            InterruptedCommand.AssertNothingLeft(tmp, tracing);
            Assert.Contains("# exit-status: 3\n", File.ReadAllText(capture));
        });
    }

    [LiveTheory(Needs.LoopMount | Needs.Tracefs)]
    [InlineData(InterruptedCommand.SigInt)]
    [InlineData(InterruptedCommand.SigTerm)]
    public void A_signal_stops_the_workload_and_undoes_everything_with_exit_130(int signal)
    {
        WithTmp(tmp =>
        {
            var capture = Path.Combine(tmp, "stopped.tracefs");
            var (code, _, stderr) = InterruptedCommand.Run(tmp, ["capture", "-o", capture, "--", "sleep", "120"],
                line => line.StartsWith("capture: running", StringComparison.Ordinal), onStderr: true, child => InterruptedCommand.Kill(child.Id, signal));
            Assert.True(code == 130, $"exit {code}: {stderr}");
            Assert.Contains("iomapmodel capture: interrupted", stderr);
            Assert.False(File.Exists(capture) || File.Exists(capture + ".partial"), "an interrupted capture must write nothing");
        });
    }

    [LiveFact(Needs.Fuse2fs | Needs.Tracefs)]
    public void The_fuse2fs_daemon_killed_under_the_workload_is_named_and_the_capture_exits_2()
    {
        WithTmp(tmp =>
        {
            var capture = Path.Combine(tmp, "dead.tracefs");
            var (code, _, stderr) = InterruptedCommand.Run(tmp, ["capture", "--fuse2fs", "-o", capture, "--", "sleep", "120"],
                line => line.StartsWith("capture: running", StringComparison.Ordinal), onStderr: true,
                _ => InterruptedCommand.Kill(InterruptedCommand.Fuse2fsDaemon(tmp), InterruptedCommand.SigKill));
            Assert.True(code == 2, $"exit {code}: {stderr}");
            Assert.Matches(@"the fuse2fs daemon \(pid \d+\) serving .* was killed by signal 9 \(SIGKILL\) while mounted", stderr);
            Assert.False(File.Exists(capture), "a capture whose daemon died must write nothing");
        });
    }

    private static (int Code, string Stdout, string Stderr) Run(string tmp, string[] args)
    {
        using var p = CliRunner.Start(new Dictionary<string, string> { ["TMPDIR"] = tmp }, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(300_000), $"iomapmodel {string.Join(' ', args)} did not finish in 300 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void WithTmp(Action<string> test)
    {
        ConformanceEnvironment.Require(Needs.LoopMount | Needs.Fuse2fs | Needs.Tracefs);
        var tmp = Directory.CreateTempSubdirectory("iomapmodel-capture-").FullName;
        try
        {
            test(tmp);
        }
        finally
        {
            LeftoverCleaner.Release(tmp);
            Directory.Delete(tmp, recursive: true);
        }
    }
}
