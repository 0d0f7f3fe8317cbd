using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>One <c>struct ext4_group_desc</c> (32 bytes, or <c>s_desc_size</c> with 64bit): where a block group keeps
/// its bitmaps and inode table.</summary>
public readonly record struct Ext4GroupDescriptor(ulong BlockBitmap, ulong InodeBitmap, ulong InodeTable, ushort Flags)
{
    /// <summary><c>EXT4_BG_INODE_UNINIT</c>: the inode bitmap was never written; every inode of the group is free.</summary>
    public bool InodeBitmapUninit => (Flags & 0x1) != 0;

    /// <summary><c>EXT4_BG_BLOCK_UNINIT</c>: the block bitmap was never written; every block not used by metadata is free.</summary>
    public bool BlockBitmapUninit => (Flags & 0x2) != 0;

    /// <summary>Reads and checks every descriptor (location with and without meta_bg, checksums, pointers in range).</summary>
    internal static Ext4GroupDescriptor[] ReadAll(ImageBytes image, Ext4Superblock sb)
    {
        var result = new Ext4GroupDescriptor[sb.GroupCount];
        uint perBlock = sb.BlockSize / sb.DescSize;
        ulong itableBlocks = ((ulong)sb.InodesPerGroup * sb.InodeSize + sb.BlockSize - 1) / sb.BlockSize;
        var block = new byte[sb.BlockSize];
        long loaded = -1;
        for (uint g = 0; g < sb.GroupCount; g++)
        {
            long at = DescriptorBlock(sb, g / perBlock);
            if (at != loaded)
            {
                image.Read(at * sb.BlockSize, block, $"group descriptor block for groups {g}..");
                loaded = at;
            }
            int inBlock = (int)(g % perBlock * sb.DescSize);
            long offset = at * sb.BlockSize + inBlock;
            var d = block.AsSpan(inBlock, sb.DescSize);
            string what = $"group descriptor {g}";
            VerifyChecksum(sb, g, d, what, offset);
            bool wide = sb.DescSize >= 64;
            var gd = new Ext4GroupDescriptor(Pick(d, wide, 0x00, 0x20), Pick(d, wide, 0x04, 0x24), Pick(d, wide, 0x08, 0x28),
                ReadUInt16LittleEndian(d[0x12..]));
            if (gd.BlockBitmap >= sb.BlocksCount)
                throw new Ext4CorruptionException(what, offset + 0x00, $"block bitmap at block {gd.BlockBitmap} is past the last block {sb.BlocksCount - 1}");
            if (gd.InodeBitmap >= sb.BlocksCount)
                throw new Ext4CorruptionException(what, offset + 0x04, $"inode bitmap at block {gd.InodeBitmap} is past the last block {sb.BlocksCount - 1}");
            if (gd.InodeTable < sb.FirstDataBlock || gd.InodeTable > sb.BlocksCount - itableBlocks)
                throw new Ext4CorruptionException(what, offset + 0x08, $"inode table of {itableBlocks} blocks at block {gd.InodeTable} does not fit in {sb.BlocksCount} blocks");
            result[g] = gd;
        }
        return result;
    }

    /// <summary>A block number split into a low half and, with 64-byte descriptors, a high half.</summary>
    private static ulong Pick(ReadOnlySpan<byte> d, bool wide, int lo, int hi) =>
        ReadUInt32LittleEndian(d[lo..]) | (wide ? (ulong)ReadUInt32LittleEndian(d[hi..]) << 32 : 0);

    /// <summary>The block holding the descriptors of meta group <paramref name="metaGroup"/> (<c>descriptor_loc</c>).</summary>
    private static long DescriptorBlock(Ext4Superblock sb, uint metaGroup)
    {
        if (!sb.Has(Ext4IncompatFeatures.MetaBg) || metaGroup < sb.FirstMetaBg)
            return sb.FirstDataBlock + 1 + metaGroup;
        uint first = metaGroup * (sb.BlockSize / sb.DescSize);
        return sb.FirstDataBlock + (long)first * sb.BlocksPerGroup + (sb.GroupHasSuper(first) ? 1 : 0);
    }

    /// <summary><c>ext4_group_desc_csum</c>: crc32c (low 16 bits) with metadata_csum, crc16 with gdt_csum.</summary>
    private static void VerifyChecksum(Ext4Superblock sb, uint group, ReadOnlySpan<byte> d, string what, long offset)
    {
        if (!sb.HasMetadataCsum && !sb.HasGdtCsum) return;
        ushort want = ReadUInt16LittleEndian(d[0x1E..]);
        Span<byte> le = stackalloc byte[4];
        WriteUInt32LittleEndian(le, group);
        ReadOnlySpan<byte> zero = [0, 0];
        ushort got;
        if (sb.HasMetadataCsum)
        {
            uint c = Crc32c.Update(sb.CsumSeed, le);
            c = Crc32c.Update(c, d[..0x1E]);
            c = Crc32c.Update(c, zero);
            c = Crc32c.Update(c, d[0x20..]);
            got = (ushort)c;
        }
        else
        {
            ushort c = Crc16.Update(0xFFFF, sb.Uuid);
            c = Crc16.Update(c, le);
            c = Crc16.Update(c, d[..0x1E]);
            got = d.Length > 0x20 ? Crc16.Update(c, d[0x20..]) : c;
        }
        if (want != got)
            throw new Ext4CorruptionException(what, offset + 0x1E, $"checksum 0x{want:x4} does not match the contents (0x{got:x4})");
    }
}
