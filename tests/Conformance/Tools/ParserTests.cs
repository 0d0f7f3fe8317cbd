using IomapModel.Ext4;

namespace IomapModel.Conformance.Tools;

/// <summary>The tool-output parsers on output captured from e2fsprogs 1.47.0 (Debian 12), and their errors on lines
/// they do not understand. No root needed.</summary>
public sealed class ParserTests
{
    [Fact]
    public void Dump_extents_of_a_depth_2_tree_gives_leaves_depth_and_node_blocks()
    {
        const string text = """
            Level Entries       Logical      Physical Length Flags
             0/ 2   1/  1     1 -   999  8323            999
             1/ 2   1/  6     1 -   168  8322            168
             2/ 2   1/ 84     1 -     1  2201 -  2201      1 
             2/ 2   2/ 84     3 -     5  2203 -  2205      3 Uninit
            """;
        var tree = DumpExtentsParser.Parse(text, "sample");
        Assert.Equal(2, tree.Depth);
        Assert.Equal([new Ext4Extent(1, 1, 2201, false), new Ext4Extent(3, 3, 2203, true)], tree.Leaves);
        Assert.Equal([8323L, 8322L], tree.NodeBlocks);
    }

    [Fact]
    public void Dump_extents_rejects_an_unknown_line_naming_its_number()
    {
        var e = Assert.Throws<FormatException>(() => DumpExtentsParser.Parse("Level Entries\n 0/ 0   1/  1   0 -  3  oops\n", "sample"));
        Assert.Contains("sample, line 2", e.Message);
        Assert.Contains("oops", e.Message);
    }

    [Fact]
    public void Dump_extents_rejects_a_length_that_disagrees_with_its_ranges()
    {
        var e = Assert.Throws<FormatException>(() => DumpExtentsParser.Parse(" 0/ 0   1/  1     0 -     3  100 -  103      5 \n", "sample"));
        Assert.Contains("do not both span 5", e.Message);
    }

    [Fact]
    public void Stat_block_lists_give_data_runs_unwritten_flags_and_indirect_blocks()
    {
        const string text = """
            Inode: 12   Type: regular    Mode:  0644   Flags: 0x0
            User:     0   Group:     0   Project:     0   Size: 71682048
            BLOCKS:
            (0-3):594-597, (DIND):1106, (IND):1107, (300-302):1837-1839, (TIND):1108, (70000):2417
            TOTAL: 14

            """;
        var stat = StatBlocksParser.Parse(text, "sample");
        Assert.Equal(0u, stat.Flags);
        Assert.Equal(71682048, stat.Size);
        Assert.Equal(Ext4FileKind.BlockMapped, stat.Kind);
        Assert.Equal([new Ext4Extent(0, 4, 594, false), new Ext4Extent(300, 3, 1837, false), new Ext4Extent(70000, 1, 2417, false)], stat.Data);
        Assert.Equal([("DIND", 1106L), ("IND", 1107L), ("TIND", 1108L)], stat.Metadata);
        var ext = StatBlocksParser.Parse("Flags: 0x80000\nUser: 0 Size: 5\nEXTENTS:\n(ETB0):9, (0-3):2329-2332, (100-163[u]):2429-2492\n", "sample");
        Assert.Equal([new Ext4Extent(0, 4, 2329, false), new Ext4Extent(100, 64, 2429, true)], ext.Data);
        Assert.Equal(Ext4FileKind.Extents, ext.Kind);
    }

    [Fact]
    public void Stat_rejects_an_unknown_entry_and_a_missing_header()
    {
        Assert.Contains("(XIND):5", Assert.Throws<FormatException>(() => StatBlocksParser.Parse("Flags: 0x0\nUser: 0 Size: 1\nBLOCKS:\n(XIND):5\n", "s")).Message);
        Assert.Contains("Flags", Assert.Throws<FormatException>(() => StatBlocksParser.Parse("BLOCKS:\n(0):5\n", "s")).Message);
    }

    [Fact]
    public void Merged_data_joins_runs_split_by_an_indirect_block_elsewhere()
    {
        var stat = StatBlocksParser.Parse("Flags: 0x0\nUser: 0 Size: 1\nBLOCKS:\n(0-11):100-111, (IND):500, (12-20):112-120, (21):122\n", "s");
        Assert.Equal([new Ext4Extent(0, 21, 100, false), new Ext4Extent(21, 1, 122, false)], stat.MergedData);
    }

    [Fact]
    public void Filefrag_output_of_several_files_is_split_per_file_with_optional_columns()
    {
        const string text = """
            Filesystem type is: ef53
            File size of /m/f is 2097152 (2048 blocks of 1024 bytes)
             ext:     logical_offset:        physical_offset: length:   expected: flags:
               0:       20..      31:       8597..      8608:     12:             
               1:      100..     163:       8513..      8576:     64:       8677: unwritten
               2:     1024..    1039:       8465..      8480:     16:       9437: last,unwritten,eof
            /m/f: 3 extents found
            File size of /m/tiny is 11 (1 block of 1024 bytes)
             ext:     logical_offset:        physical_offset: length:   expected: flags:
               0:        0..      10:     140072..    140082:     11:             last,not_aligned,inline,eof
            /m/tiny: 1 extent found
            File size of /m/empty is 0 (0 blocks of 1024 bytes)
            /m/empty: 0 extents found
            """;
        var all = FilefragParser.ParseMany(text, "sample");
        Assert.Equal(["/m/empty", "/m/f", "/m/tiny"], all.Keys.Order());
        var f = all["/m/f"];
        Assert.Equal((2097152L, 1024L), (f.FileSize, f.BlockSize));
        Assert.Equal([false, true, true], f.Extents.Select(e => e.Unwritten));
        Assert.Equal((1024L, 8465L, 16L), (f.Extents[2].Logical, f.Extents[2].Physical, f.Extents[2].Length));
        Assert.True(all["/m/tiny"].Extents.Single().Inline);
        Assert.Empty(all["/m/empty"].Extents);
    }

    [Fact]
    public void Filefrag_rejects_a_malformed_extent_line()
    {
        var e = Assert.Throws<FormatException>(() => FilefragParser.Parse("File size of x is 1 (1 block of 4096 bytes)\n   0:   0..  zz\n", "sample"));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Blocks_parser_rejects_a_word_that_is_not_a_block()
    {
        Assert.Equal([1L, 2L, 3L], BlocksParser.Parse("1 2 3 \n", "s"));
        Assert.Contains("'x'", Assert.Throws<FormatException>(() => BlocksParser.Parse("1 x", "s")).Message);
    }

    [Fact]
    public void Fuse_request_trace_pairs_send_and_end_and_reports_the_unpaired()
    {
        const string text = """
            # tracer: nop
                         cat-15415   [000] ...1.   943.661991: fuse_request_send: connection 39 req 74 opcode 14 (FUSE_OPEN) len 48 
                     fuse2fs-15407   [000] .....   943.662080: fuse_request_end: connection 39 req 74 len 32 error 0
                          dd-15420   [001] ...1.   943.700000: fuse_request_send: connection 39 req 90 opcode 15 (FUSE_READ) len 80 
                          dd-15420   [001] ...1.   943.800000: fuse_request_send: connection 39 req 92 opcode 15 (FUSE_READ) len 80 
                     fuse2fs-15407   [000] .....   943.700010: fuse_request_end: connection 39 req 90 len 4096 error -5
                     fuse2fs-15407   [000] .....   943.900000: fuse_request_end: connection 40 req 90 len 16 error 0
            """;
        var trace = FuseRequestTrace.Parse(text);
        Assert.Equal(["FUSE_OPEN", "FUSE_READ"], trace.RoundTrips.Select(r => r.Opcode));
        Assert.Equal(89.0, trace.RoundTrips[0].Microseconds, 3);
        Assert.Equal(-5, trace.RoundTrips[1].Error);
        Assert.Equal(2, trace.Unpaired.Count);
        Assert.Contains(trace.Unpaired, u => u.Contains("req 92 (FUSE_READ)") && u.Contains("never ended"));
        Assert.Contains(trace.Unpaired, u => u.Contains("req 90 on connection 40 ended without a send"));
    }
}
