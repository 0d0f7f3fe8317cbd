using IomapModel.Traces;
using IomapModel.Traces.Fsx;
using IomapModel.Traces.Import;
using IomapModel.Workloads;

namespace IomapModel.Properties.Import;

/// <summary>The fsx ops log importer: every op kind and flag fsx writes becomes the system calls fsx's op function
/// makes, <c>skip</c> lines are counted and not run, the shipped logs import with no size disagreement, and bad lines
/// name FILE:LINE.</summary>
public sealed class FsxOpsParserTests
{
    private static ImportedWorkload Parse(string text) => FsxOpsParser.Parse("log", new StringReader(text));

    private static List<FileOp> Ops(string text) => [.. Parse(text).Steps.Select(s => s.Op)];

    [Fact]
    public void Every_op_kind_and_flag_becomes_the_calls_fsx_makes()
    {
        var ops = Ops("""
            write 0x0 0x1000 0x0
            read 0x10 0x20 0x1000
            mapread 0x0 0x100 0x1000
            mapwrite 0x800 0x1000 0x1000
            truncate 0x0 0x3000 0x1800
            fallocate 0x3000 0x1000 0x3000 keep_size
            fallocate 0x0 0x1000 0x3000 unshare
            punch_hole 0x0 0x800 0x3000
            zero_range 0x100 0x200 0x3000 keep_size close_open
            zero_range 0x3000 0x1000 0x3000
            collapse_range 0x0 0x1000 0x4000
            insert_range 0x0 0x1000 0x3000
            copy_range 0x0 0x100 0x5000 0x4000
            clone_range 0x0 0x1000 0x1000 0x5100
            dedupe_range 0x0 0x1000 0x1000 0x5100
            exchange_range 0x0 0x1000 0x1000 0x5100
            write_atomic 0x0 0x1000 0x5100 *
            fsync 0x0 0x0 0x5100
            skip clone_range 0x2000 0x7000 0x29599 close_open
            """);
        const string f = "/fsx.dat";
        FileOp[] expected =
        [
            new FileOp.Open(f, OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.Truncate),
            new FileOp.Write(f, 0, WriteData.Filled(0x1000, 2)),
            new FileOp.Read(f, 0x10, 0x20),
            new FileOp.Read(f, 0, 0x100, IoPath.Mmap),
            new FileOp.Truncate(f, 0x1800),
            new FileOp.Write(f, 0x800, WriteData.Filled(0x1000, 5), IoPath.Mmap),
            new FileOp.Fsync(f, DataOnly: true),
            new FileOp.Truncate(f, 0x3000),
            new FileOp.Fallocate(f, FallocMode.Allocate | FallocMode.KeepSize, 0x3000, 0x1000),
            new FileOp.Fallocate(f, FallocMode.UnshareRange, 0, 0x1000),
            new FileOp.Fallocate(f, FallocMode.PunchHole | FallocMode.KeepSize, 0, 0x800),
            new FileOp.Fallocate(f, FallocMode.ZeroRange | FallocMode.KeepSize, 0x100, 0x200),
            new FileOp.Close(f), new FileOp.Open(f, OpenFlags.ReadWrite),
            new FileOp.Fallocate(f, FallocMode.ZeroRange, 0x3000, 0x1000),
            new FileOp.Fallocate(f, FallocMode.CollapseRange, 0, 0x1000),
            new FileOp.Fallocate(f, FallocMode.InsertRange, 0, 0x1000),
            new FileOp.CopyRange(f, 0, f, 0x5000, 0x100),
            new FileOp.CloneRange(f, 0, f, 0x1000, 0x1000),
            new FileOp.DedupeRange(f, 0, f, 0x1000, 0x1000),
            new FileOp.ExchangeRange(f, 0, f, 0x1000, 0x1000),
            new FileOp.Write(f, 0, WriteData.Filled(0x1000, 18), IoPath.Direct),
            new FileOp.Fsync(f),
            new FileOp.Close(f), new FileOp.Open(f, OpenFlags.ReadWrite),
        ];
        Assert.Equal(expected, ops);
    }

    [Fact]
    public void Skipped_ops_are_counted_and_a_wrong_size_before_is_noted()
    {
        var w = Parse("skip write_atomic 0x7096f8b4 0xc4b3 0x40000\nskip clone_range 0x1 0x2 0x3\nwrite 0x0 0x10 0x0\nread 0x0 0x10 0x99\n");
        Assert.Equal(1, w.Report.Skipped["write_atomic"]);
        Assert.Equal(1, w.Report.Skipped["clone_range"]);
        Assert.Contains(w.Report.Notes, n => n.StartsWith("line 4: fsx logged size 0x99 before 'read', the ops before it give 0x10", StringComparison.Ordinal));
        Assert.Equal(0x10, w.Report.Files.Single().FinalSize);
    }

    [Fact]
    public void The_header_command_gives_o_direct_and_the_file_name()
    {
        var w = Parse("# iomapmodel-capture v1\n# format: fsx-ops\n# command: fsx -N 10 -Z -R -W /mnt/junk (O_DIRECT)\nwrite 0x0 0x1000 0x0\n");
        Assert.Equal(new FileOp.Open("/junk", OpenFlags.ReadWrite | OpenFlags.Create | OpenFlags.Truncate | OpenFlags.Direct), w.Steps[0].Op);
        Assert.True(w.Paths.SequenceEqual(["/junk"]));
    }

    [Fact]
    public void The_shipped_logs_import_every_op_and_agree_with_every_logged_size()
    {
        var w = FsxOpsParser.ParseFile(RepoPaths.Of("traces", "workloads", "fsx-ext4.fsxops"));
        var f = w.Report.Files.Single();
        Assert.Empty(w.Report.Notes);
        Assert.Equal(1520, f.Reconstructed.Values.Sum());
        Assert.Equal(104, f.Reconstructed["mapread"]);
        // close_open after every op that carries it, skipped ones too (fsx's 'out:' label), and once more right after
        // each extending mapwrite's ftruncate.
        int extendingWithCloseOpen = w.Steps.Zip(w.Steps.Skip(1)).Count(p => p.First.Kind == "mapwrite: ftruncate" && p.Second.Kind == "close_open: close");
        Assert.Equal(88 + extendingWithCloseOpen, w.Steps.Count(s => s.Kind == "close_open: close"));
        Assert.Equal(2000 - 1520, w.Report.Skipped.Values.Sum());
    }
}
