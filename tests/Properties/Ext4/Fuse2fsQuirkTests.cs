using IomapModel.Ext4;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Properties.Ext4;

/// <summary>Findings F8-F10 (docs/findings.md): RFC v3 fuse2fs's block-map answers, on a real mkfs.ext2 image whose
/// /ind has 12 blocks, an 8-block hole and 300 blocks (1 KiB blocks).</summary>
public sealed class Fuse2fsQuirkTests
{
    private static (Ext4FileLayout Layout, uint Bs) Ind()
    {
        using var image = Ext4Image.Open(Ext4CorruptionImages.Get("ext2-1k").Image);
        return (image.ReadLayout(image.LookupPath("/ind")), image.BlockSize);
    }

    [Fact]
    public void F8_a_hole_in_a_block_mapped_file_is_answered_one_block_at_a_time()
    {
        var (layout, bs) = Ind();
        var seed = Fuse2fsMapping.Begin(layout, bs, 12 * 1024, 8 * 1024, 1, Fuse2fsQuirks.Seed);
        var intended = Fuse2fsMapping.Begin(layout, bs, 12 * 1024, 8 * 1024, 1, Fuse2fsQuirks.Intended);
        Assert.Equal((FuseIomapType.Hole, 1024UL), (seed.Type, seed.Length));
        Assert.Equal((FuseIomapType.Hole, 8 * 1024UL), (intended.Type, intended.Length));
    }

    [Fact]
    public void F9_min_is_max_so_a_block_mapped_answer_is_never_capped_at_128_KiB()
    {
        var (layout, bs) = Ind();
        var run = layout.Extents.First(e => e.LogicalBlock >= 20);
        ulong pos = (ulong)run.LogicalBlock * bs, count = (ulong)run.Length * bs;
        var seed = Fuse2fsMapping.Begin(layout, bs, pos, count, 1, Fuse2fsQuirks.Seed);
        var intended = Fuse2fsMapping.Begin(layout, bs, pos, count, 1, Fuse2fsQuirks.Intended);
        Assert.True(run.Length * bs > 131072, "the test file needs a run longer than 128 KiB");
        Assert.Equal(count, seed.Length);
        Assert.Equal(131072UL, intended.Length);
        // And a 1-block read is answered with at least 128 KiB (more than asked), where min would give one block.
        Assert.Equal(131072UL, Fuse2fsMapping.Begin(layout, bs, pos, 1024, 1, Fuse2fsQuirks.Seed).Length);
        Assert.Equal(1024UL, Fuse2fsMapping.Begin(layout, bs, pos, 1024, 1, Fuse2fsQuirks.Intended).Length);
    }

    [Fact]
    public void F10_an_unaligned_position_gets_an_unaligned_offset_which_the_kernel_rejects()
    {
        var (layout, bs) = Ind();
        var seed = Fuse2fsMapping.Begin(layout, bs, 100, 10, 1, Fuse2fsQuirks.Seed);
        Assert.Equal(100, seed.Offset);
        Assert.NotEqual(0, seed.Offset % bs);   // fuse_iomap_begin_validate: offset not block aligned -> -EIO
        Assert.Equal(0, Fuse2fsMapping.Begin(layout, bs, 100, 10, 1, Fuse2fsQuirks.Intended).Offset);
    }
}
