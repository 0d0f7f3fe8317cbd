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
        s.Punched("/a", 0, 40 * Bs, Bs);   // the gap was mapped: punching it leaves block 40 first
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
        s.Punched("/d", 0, 2 * Bs, Bs);
        Assert.Equal([BlockClass.Hole, BlockClass.Hole, BlockClass.Written, BlockClass.Unwritten, BlockClass.Written, BlockClass.Unwritten],
            Enumerable.Range(0, 6).Select(b => s.ClassOf("/d", b)));
        s.Fallocated("/e", 0, 2 * Bs, Bs, unwritten: false);   // a block map: zeroed, written blocks
        Assert.Equal(BlockClass.Written, s.ClassOf("/e", 1));
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
