using System.Buffers.Binary;
using IomapModel.Ext4;

namespace IomapModel.Properties.Ext4;

/// <summary>One test per kind of damage issue 5 names (bad magic, depth too large, entries above max, loops, blocks past
/// the end, overlapping extents, bad checksums), each checking the structure and byte offset in the error.</summary>
public sealed class Ext4CorruptionCases
{
    private static (byte[] Image, Ext4Inode Inode, Ext4FileLayout Layout) Open(string target, string path)
    {
        var img = (byte[])Ext4CorruptionImages.Get(target).Image.Clone();
        using var image = Ext4Image.Open(img);
        var inode = image.ReadInode(image.LookupPath(path));
        return (img, inode, image.ReadLayout(inode));
    }

    private static Ext4CorruptionException Rejected(byte[] img, string structureStart, long offset, string problem)
    {
        var e = Assert.Throws<Ext4CorruptionException>(() => Ext4CorruptionWalk.ReadEverything(img));
        Assert.StartsWith(structureStart, e.Structure);
        Assert.Equal(offset, e.ByteOffset);
        Assert.Contains(problem, e.Problem);
        return e;
    }

    private static void U16(byte[] img, long at, ushort v) => BinaryPrimitives.WriteUInt16LittleEndian(img.AsSpan((int)at), v);
    private static void U32(byte[] img, long at, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(img.AsSpan((int)at), v);

    [Fact]
    public void Superblock_with_a_bad_magic_is_not_an_ext_filesystem()
    {
        var img = (byte[])Ext4CorruptionImages.Get("plain-1k").Image.Clone();
        U16(img, 1024 + 0x38, 0x1234);
        var e = Rejected(img, "superblock", 1024 + 0x38, "bad magic 0x1234");
        Assert.Contains("superblock at byte 1080 (0x438)", e.Message);
    }

    [Fact]
    public void Superblock_checksum_is_verified()
    {
        var img = (byte[])Ext4CorruptionImages.Get("csum-4k").Image.Clone();
        img[1024 + 0x78] ^= 1;   // s_volume_name
        Rejected(img, "superblock", 1024 + 0x3FC, "checksum");
    }

    [Fact]
    public void Truncated_image_is_rejected_by_the_block_count()
    {
        var img = Ext4CorruptionImages.Get("plain-1k").Image[..(1 << 20)];
        Rejected(img, "superblock", 1024 + 0x04, "do not fit in the image");
    }

    [Fact]
    public void Group_descriptor_checksum_is_verified()
    {
        var img = (byte[])Ext4CorruptionImages.Get("csum-4k").Image.Clone();
        long gd0 = 4096;
        img[gd0 + 0x0C] ^= 0x40;   // bg_free_blocks_count_lo
        Rejected(img, "group descriptor 0", gd0 + 0x1E, "checksum");
    }

    [Fact]
    public void Group_descriptor_inode_table_past_the_end_is_rejected()
    {
        var img = (byte[])Ext4CorruptionImages.Get("plain-1k").Image.Clone();
        long gd0 = 2 * 1024;
        U32(img, gd0 + 0x08, 0x00FF_FFFF);
        Rejected(img, "group descriptor 0", gd0 + 0x08, "does not fit");
    }

    [Fact]
    public void Inode_checksum_is_verified()
    {
        var (img, inode, _) = Open("csum-4k", "/small");
        img[inode.ByteOffset + 0x04] ^= 0x01;   // i_size_lo
        Rejected(img, $"inode {inode.Number}", inode.ByteOffset + 0x7C, "checksum");
    }

    [Fact]
    public void Extent_root_with_a_bad_magic_is_rejected()
    {
        var (img, inode, _) = Open("plain-1k", "/sparse");
        U16(img, inode.ByteOffset + 0x28, 0);
        Rejected(img, $"extent root of inode {inode.Number}", inode.ByteOffset + 0x28, "bad magic 0x0000 (expected 0xf30a)");
    }

    [Fact]
    public void Extent_depth_above_five_is_rejected()
    {
        var (img, inode, layout) = Open("plain-1k", "/frag");
        Assert.Equal(1, layout.TreeDepth);
        U16(img, inode.ByteOffset + 0x28 + 6, 6);
        Rejected(img, $"extent root of inode {inode.Number}", inode.ByteOffset + 0x28 + 6, "eh_depth 6 is above the maximum 5");
    }

    [Fact]
    public void Extent_entries_above_max_are_rejected()
    {
        var (img, inode, _) = Open("plain-1k", "/sparse");
        U16(img, inode.ByteOffset + 0x28 + 2, 5);
        Rejected(img, $"extent root of inode {inode.Number}", inode.ByteOffset + 0x28 + 2, "eh_entries 5 is above eh_max 4");
    }

    [Fact]
    public void Extent_tree_loop_is_rejected_not_walked()
    {
        // Make the root depth 2 and the (only) child an index node pointing at itself.
        var (img, inode, layout) = Open("plain-1k", "/frag");
        long node = layout.MetadataBlocks[0] * 1024;
        U16(img, inode.ByteOffset + 0x28 + 6, 2);
        U16(img, node + 6, 1);
        U16(img, node + 2, 1);
        U32(img, node + 12, 0);
        U32(img, node + 16, (uint)layout.MetadataBlocks[0]);
        U16(img, node + 20, 0);
        Rejected(img, $"extent node of inode {inode.Number} (depth 1)", node + 12 + 4, "already part of the tree");
    }

    [Fact]
    public void Extent_with_blocks_past_the_end_is_rejected()
    {
        var (img, inode, _) = Open("plain-1k", "/sparse");
        long first = inode.ByteOffset + 0x28 + 12;
        U32(img, first + 8, 8 * 1024 - 1);   // ee_start: the last block, but the extent is 3 blocks long
        Rejected(img, $"extent root of inode {inode.Number}", first + 6, "outside the filesystem");
    }

    [Fact]
    public void Overlapping_extents_are_rejected()
    {
        var (img, inode, layout) = Open("plain-1k", "/sparse");
        Assert.Equal(2, layout.Extents.Count);
        long second = inode.ByteOffset + 0x28 + 24;
        U32(img, second, 1);   // starts inside the first extent [0, 3)
        Rejected(img, $"extent root of inode {inode.Number}", second, "overlaps the previous extent");
    }

    [Fact]
    public void Extent_node_checksum_is_verified()
    {
        var (img, inode, layout) = Open("csum-4k", "/frag");
        long node = layout.MetadataBlocks[0] * 4096;
        img[node + 12] ^= 0x01;   // first extent's logical block
        var e = Rejected(img, $"extent node of inode {inode.Number} (depth 0)", node + 12 * (1 + BinaryPrimitives.ReadUInt16LittleEndian(img.AsSpan((int)node + 4))), "checksum");
        Assert.Contains("does not match", e.Problem);
    }

    [Fact]
    public void Indirect_block_referenced_twice_is_rejected()
    {
        var (img, inode, layout) = Open("ext2-1k", "/ind");
        Assert.Equal(2, layout.MetadataBlocks.Count - 1);   // single indirect, double indirect and one indirect under it
        long dind = BinaryPrimitives.ReadUInt32LittleEndian(img.AsSpan((int)inode.ByteOffset + 0x28 + 13 * 4)) * 1024L;
        U32(img, dind + 4, (uint)layout.MetadataBlocks[0]);   // second slot: the single indirect block again
        Rejected(img, "double indirect block", dind + 4, "a second time");
    }

    [Fact]
    public void Directory_entry_with_a_bad_rec_len_is_rejected()
    {
        var (img, inode, layout) = Open("plain-1k", "/");
        long block = layout.Extents[0].PhysicalBlock * 1024;
        U16(img, block + 4, 6);   // "." entry
        Rejected(img, $"directory block 0 of inode {inode.Number}", block + 4, "rec_len 6");
    }

    [Fact]
    public void Inline_data_without_its_xattr_is_rejected()
    {
        var (img, inode, layout) = Open("inline-1k", "/spill");
        Assert.Equal(Ext4FileKind.InlineData, layout.Kind);
        long ea = inode.ByteOffset + 128 + inode.ExtraIsize;
        U32(img, ea, 0);   // the in-inode xattr magic
        // The inline-1k image has metadata_csum, so the inode checksum sees the damage first.
        Rejected(img, $"inode {inode.Number}", inode.ByteOffset + 0x7C, "checksum");
    }
}
