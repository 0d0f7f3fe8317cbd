using IomapModel.Traces;
using IomapModel.Traces.Capture;

namespace IomapModel.Properties.Capture;

/// <summary>The tracefs capture parser: the seed's symbol tables entry by entry, each supported event, the line
/// prefix variants, skipped and lost events, and malformed lines reported as FILE:LINE: expected ...</summary>
public sealed class CaptureParserTests
{
    private const string Add = "fuse2fs-811     [002] ..... 12345.678901: fuse_iomap_cache_add: connection 45 ino 12 nodeid 5 isize 0x20000 whichfork write offset 0x4000 length 0x2000 type unwritten mapflags (new|dirty) dev 1 addr 0x104000 caller fuse_iomap_upsert+0x1a4/0x2c0 [fuse]";

    private static Traces.Capture.Capture Parse(string text) => CaptureParser.Parse("cap.txt", new StringReader(text));

    public static TheoryData<string, ulong, string> SymbolEntries() => new()
    {
        { "type", (ulong)FuseIomapType.PureOverwrite, "overwrite" }, { "type", (ulong)FuseIomapType.Null, "null" },
        { "type", 0, "hole" }, { "type", 1, "delalloc" }, { "type", 2, "mapped" }, { "type", 3, "unwritten" }, { "type", 4, "inline" },
        { "flags", 1, "new" }, { "flags", 2, "dirty" }, { "flags", 4, "shared" }, { "flags", 8, "merged" }, { "flags", 0x20, "xattr" },
        { "flags", 0x40, "boundary" }, { "flags", 0x80, "anon_write" }, { "flags", 0x100, "atomic" }, { "flags", 0x1000, "iomap_end" },
        { "flags", 0x4000, "append" }, { "flags", 0x8000, "stale" },
        { "ops", 1, "write" }, { "ops", 2, "zero" }, { "ops", 4, "report" }, { "ops", 8, "fault" }, { "ops", 0x10, "direct" },
        { "ops", 0x20, "nowait" }, { "ops", 0x40, "overwrite" }, { "ops", 0x80, "unshare" }, { "ops", 0x200, "atomic" }, { "ops", 0x400, "dontcache" },
        { "fork", 0, "read" }, { "fork", 1, "write" },
    };

    private static TraceSymbolTable Table(string which) => which switch
    {
        "type" => TraceSymbolTables.Types,
        "flags" => TraceSymbolTables.MapFlags,
        "ops" => TraceSymbolTables.Ops,
        _ => TraceSymbolTables.Forks,
    };

    [Theory]
    [MemberData(nameof(SymbolEntries))]
    public void Every_table_entry_prints_as_the_seed_names_it_and_reads_back(string which, ulong value, string name)
    {
        var table = Table(which);
        var symbolic = which is "type" or "fork";
        Assert.Equal(name, symbolic ? table.FormatSymbol(value) : table.FormatFlags(value));
        Assert.Equal(value, symbolic ? table.ParseSymbol(name) : table.ParseFlags(name));
        Assert.Equal(table.Entries.Count, SymbolEntries().Count(r => (string)r[0] == which));
    }

    [Fact]
    public void Unnamed_values_print_as_hex_like_the_kernel_and_read_back()
    {
        Assert.Equal("0x7", TraceSymbolTables.Types.FormatSymbol(7));
        Assert.Equal((ulong)7, TraceSymbolTables.Types.ParseSymbol("0x7"));
        Assert.Equal("new|stale|0x10", TraceSymbolTables.MapFlags.FormatFlags(0x8011));
        Assert.Equal((ulong)0x8011, TraceSymbolTables.MapFlags.ParseFlags("new|stale|0x10"));
        Assert.Equal("", TraceSymbolTables.MapFlags.FormatFlags(0));
        Assert.Equal((ulong)0, TraceSymbolTables.MapFlags.ParseFlags(""));
        Assert.Null(TraceSymbolTables.MapFlags.ParseFlags("new|bogus"));
        Assert.Null(TraceSymbolTables.Forks.ParseSymbol("attr"));
    }

    [Fact]
    public void A_cache_add_line_reads_every_field()
    {
        var e = Assert.Single(Parse(Add).Events);
        Assert.Equal(("fuse_iomap_cache_add", "fuse2fs", 811, 1), (e.Name, e.Task, e.Pid, e.Line));
        Assert.Equal(5UL, e.NodeId);
        Assert.Equal(12UL, e.Ino);
        Assert.Equal(1UL, e["whichfork"]);
        Assert.Equal((0x4000UL, 0x2000UL, 0x104000UL, 1UL), (e["offset"], e["length"], e["addr"], e["dev"]));
        Assert.Equal((ulong)FuseIomapType.Unwritten, e["maptype"]);
        Assert.Equal((ulong)(FuseIomapFlags.New | FuseIomapFlags.Dirty), e["mapflags"]);
    }

    [Theory]
    [InlineData("            kworker/u8:2-1234    [001] d..1.  100.000001: ")]
    [InlineData("  my task-with-dash-77 (     77) [003] ....  5.5: ")]
    [InlineData("fio-9 [000] 1.000000: ")]
    public void Prefix_variants_parse(string prefix)
    {
        var e = Assert.Single(Parse(prefix + Add[(Add.IndexOf("fuse_iomap_cache_add", StringComparison.Ordinal))..]).Events);
        Assert.Equal(0x104000UL, e["addr"]);
    }

    [Fact]
    public void Every_supported_event_formats_and_parses_back_to_the_same_fields()
    {
        foreach (var format in CacheTracepointFormats.ByName.Values)
        {
            var values = format.Args.Where(a => a.Kind != TraceArgKind.Text)
                .Select((a, i) => (a.Name, Value: a.Kind switch
                {
                    TraceArgKind.Symbol => a.Table!.Entries[i % a.Table.Entries.Count].Value,
                    TraceArgKind.Flags => a.Table!.Entries[i % a.Table.Entries.Count].Value | a.Table.Entries[0].Value,
                    _ => (ulong)(i * 0x1111 + 1),
                })).ToDictionary(x => x.Name, x => x.Value);
            var body = format.Format(values, new Dictionary<string, string> { ["caller_ip"] = "f+0x1/0x2 [fuse]", ["state"] = "iomap_fileio|iomap_cache" });
            var line = FtraceLine.Format("t", 1, 0, 1, format.Name) + body;
            var e = Assert.Single(Parse(line).Events);
            Assert.Equal(values, e.Fields.ToDictionary(kv => kv.Key, kv => kv.Value));
        }
    }

    [Fact]
    public void Other_events_are_counted_and_lost_events_noted()
    {
        var c = Parse("# tracer: nop\n#\n  fio-9 [000] .....  1.0: fuse_iomap_cache_lock: connection 45 ino 12 nodeid 5 isize 0x0 lock (exclusive) caller x\n" +
                      "CPU:1 [LOST 17 EVENTS]\n  fio-9 [000] .....  1.1: fuse_iomap_cache_lock: whatever\n\n" + Add + "\n");
        Assert.Single(c.Events);
        Assert.Equal(2, c.Skipped["fuse_iomap_cache_lock"]);
        Assert.Equal([4], c.LostEventLines);
    }

    [Theory]
    [InlineData("# tracer: nop\nthis is not a trace line\n", 2, "expected a tracefs event line 'TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS'")]
    [InlineData("# tracer: nop\n" + "a-1 [000] .....  1.0: fuse_iomap_cache_add: connection 45 ino 12 nodeid 5 isize 0x0 whichfork write offset 0x0 length 0x1000 type sideways mapflags () dev 1 addr 0x0 caller x\n", 2,
        "expected maptype as one of overwrite, null, hole, delalloc, mapped, unwritten, inline or 0x-hex (FUSE_IOMAP_TYPE_STRINGS), got 'sideways'")]
    [InlineData("# tracer: nop\n#\n" + "a-1 [000] .....  1.0: fuse_iomap_cache_remove: connection 45 ino 12 nodeid 5 isize 0x0 whichfork sideways offset 0x0 length 0x1000 caller x\n", 3,
        "expected whichfork as one of read, write or 0x-hex (FUSE_IOMAP_FORK_STRINGS), got 'sideways'")]
    [InlineData("# tracer: nop\n" + "a-1 [000] .....  1.0: fuse_iomap_cache_lookup: connection 45 ino 12 nodeid 5 isize 0x0 whichfork read pos 0xzz count 0x1000 caller x\n", 2,
        "expected pos as hex digits, got 'zz'")]
    [InlineData("# tracer: nop\n" + "a-1 [000] .....  1.0: fuse_iomap_begin: connection 45 ino 12 nodeid 5 isize 0x0 opflags (write|bogus) pos 0x0 count 0x1000\n", 2,
        "expected opflags as names joined by '|' from write, zero")]
    [InlineData("# tracer: nop\n" + "a-1 [000] .....  1.0: fuse_iomap_inval: connection 45 ino 12 nodeid 5 isize 0x0 attr_ino 0xc read offset 0x0 read_length 0x1000\n", 2,
        "expected 'write_offset 0x' after read_length in the fuse_iomap_inval fields")]
    [InlineData("# tracer: nop\n" + "a-1 [000] .....  1.0: fuse_iomap_upsert: connection 45 ino 12 nodeid 5 isize 0x0 attr_ino 0xc read_offset 0x0\n", 2,
        "expected 'read offset 0x' after attr_ino in the fuse_iomap_upsert fields")]
    public void A_malformed_line_names_file_line_and_what_was_expected(string text, int line, string expected)
    {
        MalformedTrace.Check(text, ".capture", p => CaptureParser.ParseFile(p), line, expected, "import");
    }

    [Fact]
    public void Two_connections_in_one_capture_are_refused_with_the_line()
    {
        var second = Add.Replace("connection 45", "connection 46");
        var ex = Assert.Throws<TraceSyntaxException>(() => CaptureImporter.Import("cap.txt", Parse(Add + "\n" + second + "\n")));
        Assert.Equal("cap.txt:2: expected events of one FUSE connection (45, from line 1), got connection 46; keep one mount's lines (grep 'connection 45 ')", ex.Message);
    }
}
