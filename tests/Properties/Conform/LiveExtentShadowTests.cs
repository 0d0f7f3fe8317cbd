using IomapModel.Harness.Conform;

namespace IomapModel.Properties.Conform;

/// <summary><see cref="LiveExtentShadow"/>: the live classic fuse2fs's mapped blocks followed op by op, with the
/// libext2fs 1.47.0 rules seen on a plain fuse2fs mount (debugfs dump_extents after each step, docs/conform.md).</summary>
public sealed class LiveExtentShadowTests
{
    private const long Bs = 4096;

    [Fact]
    public void A_fallocate_left_of_the_first_mapped_block_maps_the_whole_gap()
    {
        var s = new LiveExtentShadow();
        s.Follow("/a", []);
        s.Wrote("/a", 40 * Bs + 7, 1, Bs);
        Assert.Equal(40, s.FirstMapped("/a"));
        s.Fallocated("/a", 0, 1, Bs, unwritten: true);
        Assert.Equal(0, s.FirstMapped("/a"));
        s.Punched("/a", 0, 40 * Bs, Bs, blockMap: false);   // the gap was mapped: punching it leaves block 40 first
        Assert.Equal(40, s.FirstMapped("/a"));
    }

    [Fact]
    public void A_truncate_unmaps_only_when_it_shrinks_the_file_by_a_block()
    {
        var s = new LiveExtentShadow();
        s.Follow("/b", [(3, 4, true)]);   // a KEEP_SIZE fallocate past EOF of an empty file
        s.Truncated("/b", 0, 0, Bs);
        Assert.Equal(3, s.FirstMapped("/b"));   // ext2fs_file_set_size2: new EOF block 0 is not below the old one
        s.Truncated("/b", 0, 2 * Bs, Bs);
        Assert.Equal(3, s.FirstMapped("/b"));   // growing punches nothing
        s.Truncated("/b", 4 * Bs, 3 * Bs + 1, Bs);
        Assert.Equal(3, s.FirstMapped("/b"));   // still 4 blocks long: nothing
        s.Truncated("/b", 4 * Bs, 1, Bs);
        Assert.Null(s.FirstMapped("/b"));       // block 1 < 4: everything from block 1 on goes
    }

    [Fact]
    public void Classes_follow_writes_into_unwritten_blocks_and_fallocate_fills_only_holes()
    {
        var s = new LiveExtentShadow();
        s.Follow("/d", []);
        s.Wrote("/d", 2 * Bs, 1, Bs);
        s.Fallocated("/d", 0, 6 * Bs, Bs, unwritten: true);
        Assert.Equal([BlockClass.Unwritten, BlockClass.Unwritten, BlockClass.Written, BlockClass.Unwritten, BlockClass.Unwritten, BlockClass.Unwritten, BlockClass.Hole],
            Enumerable.Range(0, 7).Select(b => s.ClassOf("/d", b)));
        s.Wrote("/d", 4 * Bs + 1, 1, Bs);
        s.Punched("/d", 0, 2 * Bs, Bs, blockMap: false);
        Assert.Equal([BlockClass.Hole, BlockClass.Hole, BlockClass.Written, BlockClass.Unwritten, BlockClass.Written, BlockClass.Unwritten],
            Enumerable.Range(0, 6).Select(b => s.ClassOf("/d", b)));
        s.Fallocated("/e", 0, 2 * Bs, Bs, unwritten: false);   // a block map: zeroed, written blocks
        Assert.Equal(BlockClass.Written, s.ClassOf("/e", 1));
    }

    /// <summary>Findings F17 on the live side (1 KiB blocks, the cases confirmed with debugfs 1.47.0): under the DIND
    /// block, punching block 620 (a hole) also frees 640; a punch of blocks 10-13 across the direct/IND boundary frees
    /// 10 and 11 and leaves 12 and 13 mapped. An extent file loses exactly the blocks asked for.</summary>
    [Fact]
    public void A_block_map_punch_predicts_what_ext2fs_punch_really_frees()
    {
        var s = new LiveExtentShadow();
        s.Wrote("/a", 640 * 1024, 1, 1024);
        var beyond = s.Punched("/a", 620 * 1024, 1024, 1024, blockMap: true);
        Assert.Equal([(640L, 641L)], beyond.FreedBeyond);
        Assert.Empty(beyond.LeftMapped);
        Assert.Null(s.FirstMapped("/a"));

        s.Wrote("/b", 0, 16 * 1024, 1024);
        var left = s.Punched("/b", 10 * 1024, 4 * 1024, 1024, blockMap: true);
        Assert.Equal([(12L, 14L)], left.LeftMapped);
        Assert.Empty(left.FreedBeyond);
        Assert.Equal([BlockClass.Written, BlockClass.Hole, BlockClass.Hole, BlockClass.Written, BlockClass.Written],
            new long[] { 9, 10, 11, 12, 13 }.Select(b => s.ClassOf("/b", b)));

        s.Wrote("/c", 0, 16 * 1024, 1024);
        Assert.Same(LivePunch.None, s.Punched("/c", 10 * 1024, 4 * 1024, 1024, blockMap: false));
        Assert.Equal(BlockClass.Hole, s.ClassOf("/c", 12));
    }

    /// <summary>classic fuse2fs 1.47.0's <c>punch_helper</c>: a punch inside block 0 from byte 0 asks ext2fs_punch for
    /// block 0 (<c>(offset + len - blocksize) / blocksize</c> is 0 in C), one elsewhere inside a block asks for nothing.</summary>
    [Fact]
    public void A_sub_block_punch_from_byte_0_unmaps_block_0()
    {
        var s = new LiveExtentShadow();
        s.Wrote("/a", 0, 3 * 1024, 1024);
        s.Punched("/a", 1024, 100, 1024, blockMap: true);
        Assert.Equal(BlockClass.Written, s.ClassOf("/a", 1));
        s.Punched("/a", 0, 100, 1024, blockMap: true);
        Assert.Equal(BlockClass.Hole, s.ClassOf("/a", 0));
    }

    [Fact]
    public void Follow_takes_the_starting_layout_once()
    {
        var s = new LiveExtentShadow();
        s.Follow("/c", [(10, 12, false)]);
        s.Follow("/c", [(2, 3, false)]);
        Assert.Equal(10, s.FirstMapped("/c"));
    }
}
