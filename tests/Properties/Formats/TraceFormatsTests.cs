using IomapModel.Traces;
using IomapModel.Traces.Conform;
using IomapModel.Workloads;

namespace IomapModel.Properties.Formats;

/// <summary>The one detector for every header (<see cref="TraceFormats.Detect"/>) and the conform-script writer.</summary>
public sealed class TraceFormatsTests
{
    [Fact]
    public void Every_shipped_file_is_detected_as_its_format()
    {
        var kinds = new Dictionary<string, TraceFormat>
        {
            [".trace"] = TraceFormat.CacheTrace, [".ksched"] = TraceFormat.Schedule,
            [".conform"] = TraceFormat.ConformScript, [".capture"] = TraceFormat.Capture,
            [".tracefs"] = TraceFormat.KernelCapture, [".trace-cmd"] = TraceFormat.KernelCapture, [".fsxops"] = TraceFormat.FsxOps,
        };
        var files = GoldenOutputs.Shipped().Where(f => kinds.ContainsKey(Path.GetExtension(f))).ToList();
        Assert.True(files.Count >= 20);
        Assert.All(files, f => Assert.Equal(kinds[Path.GetExtension(f)], TraceFormats.Detect(RepoPaths.Of(f))));
    }

    [Theory]
    [InlineData("# a comment first\n\nksim-schedule v1 # trailing\nfile f\n", TraceFormat.Schedule)]
    [InlineData("\n# x\nconform-script v1\n", TraceFormat.ConformScript)]
    [InlineData("# tracer: nop\n#\n  task-1 [000] ..... 1.000000: fuse_iomap_begin: x\n", TraceFormat.Capture)]
    [InlineData("iomap-trace v2\n", TraceFormat.CacheTrace)]
    [InlineData("# tracer: nop\n  python3-7 [000] ..... 1.000000: sys_pwrite64(fd: 3, buf: 0x1, count: 0x10, pos: 0)\n", TraceFormat.KernelCapture)]
    [InlineData("cpus=2\n", TraceFormat.KernelCapture)]
    [InlineData("# tracer: nop\n", TraceFormat.KernelCapture)]
    [InlineData("# iomapmodel-capture v1\n# kernel: 6.18\n# tracer: nop\n  t-1 [000] ..... 1.000000: fuse_iomap_begin: x\n", TraceFormat.Capture)]
    [InlineData("# iomapmodel-capture v1\n# format: fsx-ops\nwrite 0x0 0x10 0x0\n", TraceFormat.FsxOps)]
    [InlineData("# iomapmodel-capture v1\n# kernel: x\nwrite 0x0 0x10 0x0\n", TraceFormat.FsxOps)]
    [InlineData("skip clone_range 0x2000 0x7000 0x1c000 0x29599\nread 0x1 0x2 0x3\n", TraceFormat.FsxOps)]
    [InlineData("", TraceFormat.CacheTrace)]
    public void The_first_line_that_is_not_blank_or_a_comment_decides(string text, TraceFormat format) =>
        Assert.Equal(format, TraceFormats.Detect(new StringReader(text)));

    [Fact]
    public void A_header_after_comments_is_read_and_a_missing_one_names_the_line()
    {
        Assert.Single(ConformScriptParser.Parse("s", new StringReader("# c\n\nconform-script v1\nfsync /a\n")).Ops);
        var e = Assert.Throws<TraceSyntaxException>(() => ConformScriptParser.Parse("s", new StringReader("# c\nwrite /a 0 1 1\n")));
        Assert.Equal("s:2: expected the header 'conform-script v1', got 'write /a 0 1 1'", e.Message);
    }

    [Fact]
    public void Every_operation_a_script_can_hold_prints_and_parses_back_the_same()
    {
        FileOp[] ops =
        [
            new FileOp.Write("/a", 7, WriteData.Filled(3, 0xab)), new FileOp.Truncate("/a", 9),
            new FileOp.Fallocate("/a", FallocMode.Allocate, 1, 2), new FileOp.Fallocate("/b", FallocMode.KeepSize, 1, 2),
            new FileOp.Fallocate("/a", FallocMode.PunchHole | FallocMode.KeepSize, 1, 2),
            new FileOp.Fallocate("/a", FallocMode.ZeroRange, 1, 2), new FileOp.Fallocate("/a", FallocMode.ZeroRange | FallocMode.KeepSize, 1, 2),
            new FileOp.Fsync("/a"),
        ];
        var text = ConformScriptText.Format(null, ops);
        Assert.Equal(ops, ConformScriptParser.Parse("t", new StringReader(text)).Ops);
        Assert.Throws<ArgumentException>(() => ConformScriptText.Format(new FileOp.Fallocate("/a", FallocMode.CollapseRange, 0, 1)));
        Assert.Throws<ArgumentException>(() => ConformScriptText.Format(new FileOp.Write("/a", 0, WriteData.Of(new byte[] { 1, 2 }))));
    }
}
