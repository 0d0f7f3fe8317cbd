using IomapModel.Traces;
using IomapModel.Traces.Fsx;
using IomapModel.Traces.Import;
using IomapModel.Traces.Tracefs;
using IomapModel.Workloads;

namespace IomapModel.Properties.Import;

/// <summary>The stock-kernel capture importer on the shipped real captures (each file rebuilt to the size the header
/// recorded at the end, with the operations the workload made) and on small hand-made captures for each rule: binding
/// a descriptor by the events in its system call's window, offsets from positions, O_APPEND and dup, operations from
/// events alone with their gaps filled, devices, and bad input.</summary>
public sealed class KernelCaptureImporterTests
{
    private static string Shipped(string name) => RepoPaths.Of("traces", "workloads", name);

    private static ImportedWorkload Parse(string text, DeviceNumber? device = null) => KernelCaptureImporter.Parse("cap", new StringReader(text), device);

    public static TheoryData<string, string, string[]> Captures => new()
    {
        { "ext4-stream-writeback.tracefs", "/stream.dat", ["write 80", "read 33", "fdatasync 1", "writeback by the flusher (ext4_writepages) 1", "openat 3"] },
        { "ext4-random-overwrite-reread.tracefs", "/rand.dat", ["pwrite64 189", "pread64 232", "fsync 2", "fdatasync 1", "fadvise64 DONTNEED 1"] },
        { "ext4-truncate-punch.tracefs", "/trunc.dat", ["ftruncate 16", "truncate 1", "fallocate KEEP_SIZE|PUNCH_HOLE 13", "fallocate ZERO_RANGE 7",
            "fallocate KEEP_SIZE|ZERO_RANGE 8", "fallocate ALLOCATE 5", "fallocate KEEP_SIZE 5", "fallocate COLLAPSE_RANGE 1", "fallocate INSERT_RANGE 1", "pwrite64 14"] },
        { "ext4-direct-io.tracefs", "/direct.dat", ["pwritev2 O_DIRECT 46", "preadv2 O_DIRECT 38", "fallocate ALLOCATE 1", "fsync 1", "pread64 1"] },
        { "fuse2fs-random-overwrite-reread.tracefs", "/fuse.dat", ["pwrite64 110", "pread64 162", "fsync 11", "fdatasync 1", "ftruncate 2", "fadvise64 DONTNEED 1"] },
        { "fsx-ext4-800.tracefs", "/fsx.dat", ["ftruncate 67", "msync 50", "fsync 40", "fallocate COLLAPSE_RANGE 41", "fallocate INSERT_RANGE 29"] },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public void A_shipped_capture_rebuilds_its_file_to_the_size_the_header_recorded(string capture, string path, string[] counts)
    {
        var w = KernelCaptureImporter.ParseFile(Shipped(capture));
        var f = w.Report.Files.First(f => f.Path == path);
        Assert.NotNull(f.HeaderSize);
        Assert.Equal(f.HeaderSize, f.FinalSize);
        foreach (var c in counts)
        {
            int space = c.LastIndexOf(' ');
            Assert.True(f.Reconstructed.TryGetValue(c[..space], out var n) && n == int.Parse(c[(space + 1)..]),
                $"{capture}: expected {c}, got {string.Join(", ", f.Reconstructed.Select(kv => $"{kv.Key} {kv.Value}"))}");
        }
        Assert.All(w.Steps, s => Assert.True(s.Op.Path == "/" || w.Report.Files.Any(r => r.Path == s.Op.Path)));
    }

    [Fact]
    public void The_deleted_file_of_the_truncate_capture_keeps_its_uprobe_name_and_is_unlinked()
    {
        var w = KernelCaptureImporter.ParseFile(Shipped("ext4-truncate-punch.tracefs"));
        var victim = w.Report.Files.Single(f => f.Ino == 13);
        Assert.Equal("/victim.dat", victim.Path);
        Assert.Equal(1, victim.Reconstructed["unlink"]);
        Assert.Equal(new FileOp.Unlink("/victim.dat"), w.Steps.Last(s => s.Op.Path == "/victim.dat").Op);
    }

    [Fact]
    public void The_trace_and_the_trace_cmd_report_of_one_buffer_give_the_same_operations_and_requests()
    {
        var trace = KernelCaptureImporter.ParseFile(Shipped("fuse2fs-probe.tracefs"));
        var report = KernelCaptureImporter.ParseFile(Shipped("fuse2fs-probe.trace-cmd"));
        static IEnumerable<string> Ops(ImportedWorkload w) => w.Steps.Select(s => s.Op is FileOp.Write wr ? $"write {wr.Offset} {wr.Length}" : s.Op.GetType().Name);
        Assert.Equal(["write 0 10000"], Ops(trace));
        Assert.Equal(Ops(trace), Ops(report));
        Assert.Equal(trace.Measured!.PerOpcode, report.Measured!.PerOpcode);
        Assert.Equal(15, trace.Measured.Total);
        Assert.Equal("trace-cmd", report.FormatKey);
    }

    [Fact]
    public void The_fsx_capture_and_the_fsx_log_of_the_same_run_agree_on_every_write_truncate_and_fallocate()
    {
        var capture = KernelCaptureImporter.ParseFile(Shipped("fsx-ext4-800.tracefs"));
        var log = File.ReadAllLines(Shipped("fsx-ext4.fsxops"));
        var first800 = log.Where(l => l.StartsWith('#')).Concat(log.Where(l => !l.StartsWith('#')).Take(800));
        var fsx = FsxOpsParser.Parse("log", new StringReader(string.Join('\n', first800)));
        static IEnumerable<string> Changes(ImportedWorkload w) => w.Steps.Select(s => s.Op)
            .Where(o => o is FileOp.Truncate or FileOp.Fallocate || o is FileOp.Write { Via: not IoPath.Mmap })
            .Select(o => o is FileOp.Write wr ? $"write {wr.Offset} {wr.Length}" : o.ToString());
        // The capture also holds fsx's start-up probes (ftruncate and one-byte fallocates before the first op).
        var fromCapture = Changes(capture).ToList();
        var fromLog = Changes(fsx).ToList();
        Assert.Equal(356, fromLog.Count);
        Assert.Equal(fromLog, fromCapture.Skip(fromCapture.Count - fromLog.Count));
    }

    private const string Head = "# iomapmodel-capture v1\n# device: 7:0\n# file: ino 12 size 8192 blocks 16 path a\n# tracer: nop\n";

    private static string L(double ts, string what, int pid = 5) => $"              t-{pid}     [000] .....  {ts:0.000000}: {what}";

    [Fact]
    public void A_descriptor_is_bound_by_an_inode_event_in_its_call_and_positions_follow_reads_writes_lseek_and_dup()
    {
        var w = Parse(Head + string.Join('\n',
            L(1.0, "sys_openat(dfd: 0xffffff9c, filename: 0x1, flags: 0x441, mode: 0x1a4)"), L(1.000001, "sys_openat -> 0x3"),
            L(1.1, "sys_write(fd: 3, buf: 0x1, count: 0x1000)"), L(1.100001, "ext4_da_write_begin: dev 7,0 ino 12 pos 0 len 4096"), L(1.100002, "sys_write -> 0x1000"),
            L(1.2, "sys_dup2(oldfd: 3, newfd: 9)"), L(1.200001, "sys_dup2 -> 0x9"),
            L(1.3, "sys_lseek(fd: 9, offset: 0x800, whence: 0)"), L(1.300001, "sys_lseek -> 0x800"),
            L(1.4, "sys_write(fd: 9, buf: 0x1, count: 0x1000)"), L(1.400001, "sys_write -> 0x1000"),
            L(1.5, "sys_close(fd: 3)"), L(1.500001, "sys_close -> 0x0"),
            L(1.6, "sys_write(fd: 1, buf: 0x1, count: 0x10)"), L(1.600001, "sys_write -> 0x10"),
            L(1.7, "sys_close(fd: 9)"), L(1.700001, "sys_close -> 0x0")) + "\n");
        Assert.Equal(["open /a rw|creat", "write /a 0 4096", "write /a 4096 4096", "close /a"],
            w.Steps.Select(s => FileOpText.Format(s.Op)).Select(t => string.Join(' ', t.Split(' ').Take(t.StartsWith("write") ? 4 : 3))));
        Assert.Equal(8192, w.Report.Files.Single().FinalSize);
        Assert.Equal(1, w.Report.Dropped["write on descriptors never bound to an inode of 7:0 (other files)"]);
    }

    [Fact]
    public void Without_system_calls_the_events_are_the_operations_and_a_truncate_without_a_size_takes_the_next_one_printed()
    {
        var w = Parse(Head + string.Join('\n',
            L(1.0, "ext4_da_write_begin: dev 7,0 ino 12 pos 0 len 10000"), L(1.01, "ext4_da_write_end: dev 7,0 ino 12 pos 0 len 4096 copied 4096"),
            L(1.02, "ext4_da_write_begin: dev 7,0 ino 12 pos 4096 len 5904"), L(1.03, "ext4_da_write_end: dev 7,0 ino 12 pos 4096 len 4096 copied 4096"),
            L(1.04, "ext4_da_write_begin: dev 7,0 ino 12 pos 8192 len 1808"), L(1.05, "ext4_da_write_end: dev 7,0 ino 12 pos 8192 len 1808 copied 1808"),
            L(2.0, "ext4_truncate_enter: dev 7,0 ino 12 blocks 24"), L(2.01, "ext4_truncate_exit: dev 7,0 ino 12 blocks 8"),
            L(3.0, "iomap_dio_rw_begin: dev 7:0 ino 0xc size 0x1000 offset 0x0 length 0x1000 done_before 0x0 flags DIRECT dio_flags  aio 0"),
            L(4.0, "ext4_begin_ordered_truncate: dev 7,0 ino 12 new_size 100"), L(4.01, "ext4_truncate_enter: dev 7,0 ino 12 blocks 8"),
            L(5.0, "ext4_truncate_enter: dev 7,0 ino 12 blocks 8"),
            L(6.0, "ext4_punch_hole: dev 7,0 ino 12 offset 0 len 4096 mode ")) + "\n");
        Assert.Equal(new FileOp[]
        {
            new FileOp.Write("/a", 0, WriteData.Filled(10000, 6)), new FileOp.Truncate("/a", 4096),
            new FileOp.Read("/a", 0, 4096, IoPath.Direct), new FileOp.Truncate("/a", 100), new FileOp.Truncate("/a", 8192),
            new FileOp.Fallocate("/a", FallocMode.PunchHole | FallocMode.KeepSize, 0, 4096),
        }, w.Steps.Select(s => s.Op));
        var filled = w.Report.Files.Single().Filled;
        Assert.Contains(filled, kv => kv.Key.StartsWith("a truncate's new size (only ext4_truncate_enter) from iomap_dio_rw_begin size at line", StringComparison.Ordinal));
        Assert.Contains("a truncate's new size (only ext4_truncate_enter) from the header's final size", filled.Keys);
        Assert.Contains(filled, kv => kv.Key.StartsWith("a punch's mode", StringComparison.Ordinal));
    }

    [Fact]
    public void A_capture_with_nothing_for_any_file_is_refused_naming_what_it_holds()
    {
        var text = "# tracer: nop\n" + L(1.0, "sys_pwrite64(fd: 3, buf: 0x1, count: 0x10, pos: 0)") + "\n" + L(1.1, "sys_pwrite64 -> 0x10") + "\n"
            + L(1.2, "ext4_mark_inode_dirty: dev 7,0 ino 2 caller x") + "\n";
        var e = Assert.Throws<WorkloadImportException>(() => Parse(text));
        Assert.Equal("cap: no ext4, iomap, filemap, writeback or system call events for any inode of device 7:0 (found 3 event lines: ext4_mark_inode_dirty 1, sys_enter_pwrite64 1, sys_exit_pwrite64 1)", e.Message);
        var path = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.tracefs");
        File.WriteAllText(path, text);
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("replay", path);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains($"{path}: no ext4, iomap, filemap, writeback or system call events for any inode of device 7:0", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Events_of_two_devices_need_a_device_and_with_one_the_other_is_dropped()
    {
        var text = "# tracer: nop\n" + L(1.0, "ext4_sync_file_enter: dev 7,0 ino 12 parent 2 datasync 0") + "\n" + L(1.1, "ext4_sync_file_enter: dev 8,1 ino 40 parent 2 datasync 1") + "\n";
        var e = Assert.Throws<WorkloadImportException>(() => Parse(text));
        Assert.Contains("events of 2 devices (7:0: 1, 8:1: 1) and no '# device:' header: give --device MAJ:MIN", e.Message);
        var w = Parse(text, new DeviceNumber(8, 1));
        Assert.Equal(new FileOp.Fsync("/ino40", DataOnly: true), w.Steps.Single().Op);
        Assert.Equal(1, w.Report.Dropped["events of other devices"]);
    }

    [Theory]
    [InlineData("# tracer: nop\nthis is not a trace line\n", 2, "expected a tracefs event line")]
    [InlineData("# tracer: nop\n              t-5     [000] .....  1.000000: sys_pwrite64(fd: 3, count: zz)\n", 2, "sys_pwrite64: expected 'count' as a decimal or 0x-hex number below 2^64, got 'zz'")]
    [InlineData("# tracer: nop\n              t-5     [000] .....  1.000000: sys_pwrite64 -> sixteen\n", 2, "sys_pwrite64: expected the return value as a 0x-hex or decimal number")]
    [InlineData("# tracer: nop\n#\n              t-5     [000] .....  1.000000: ext4_da_write_begin: dev 7,0 ino 12 pos x10 len 4\n", 3, "ext4_da_write_begin: expected 'pos' as a decimal number below 2^64, got 'x10'")]
    [InlineData("# tracer: nop\n              t-5     [000] .....  1.000000: ext4_sync_file_enter: dev seven ino 12 parent 2 datasync 0\n", 2, "ext4_sync_file_enter: expected 'dev MAJ,MIN', got 'dev seven'")]
    [InlineData("# tracer: nop\n              t-5     [000] .....  1.000000: ext4_punch_hole: dev 7,0 ino 12 offset 99999999999999999999 len 1 mode \n", 2, "expected 'offset' as a decimal number below 2^64")]
    public void A_malformed_line_names_file_line_and_what_was_expected(string text, int line, string expected) =>
        MalformedTrace.Check(text, ".tracefs", p => KernelCaptureImporter.ParseFile(p), line, expected, "import");
}
