using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>The parts of <c>struct ext4_inode</c> the mapper uses, with the raw bytes kept for the inline-data xattr.</summary>
public sealed record Ext4Inode
{
    public const uint ExtentsFlag = 0x80000;
    public const uint InlineDataFlag = 0x10000000;
    public const uint IndexFlag = 0x1000;

    public uint Number { get; init; }
    /// <summary>Byte offset of the inode in the image (what error messages name).</summary>
    public long ByteOffset { get; init; }
    public ushort Mode { get; init; }
    public long Size { get; init; }
    public uint Flags { get; init; }
    public uint Generation { get; init; }
    /// <summary>The 60 bytes of <c>i_block</c>: extent root, block pointers, inline data or a fast symlink.</summary>
    public byte[] Block { get; init; } = [];
    /// <summary>The whole on-disk inode (<c>s_inode_size</c> bytes).</summary>
    public byte[] Raw { get; init; } = [];
    public ushort ExtraIsize { get; init; }
    /// <summary><c>i_csum_seed</c>: crc32c of the fs seed, the inode number and generation; seeds extent and directory
    /// block checksums.</summary>
    public uint CsumSeed { get; init; }

    public bool IsDirectory => (Mode & 0xF000) == 0x4000;
    public bool IsRegular => (Mode & 0xF000) == 0x8000;
    public bool HasExtents => (Flags & ExtentsFlag) != 0;
    public bool HasInlineData => (Flags & InlineDataFlag) != 0;
    public bool IsHtreeIndexed => (Flags & IndexFlag) != 0;

    public string Describe => $"inode {Number}";

    internal static Ext4Inode Read(ImageBytes image, Ext4Superblock sb, Ext4GroupDescriptor[] groups, uint ino)
    {
        if (ino == 0 || ino > sb.InodesCount)
            throw new Ext4CorruptionException($"inode {ino}", 0, $"inode number outside 1..{sb.InodesCount}");
        uint group = (ino - 1) / sb.InodesPerGroup, index = (ino - 1) % sb.InodesPerGroup;
        long offset = (long)groups[group].InodeTable * sb.BlockSize + (long)index * sb.InodeSize;
        string what = $"inode {ino}";
        var raw = image.Read(offset, sb.InodeSize, what);
        var r = raw.AsSpan();
        ushort extra = sb.InodeSize > 128 ? ReadUInt16LittleEndian(r[0x80..]) : (ushort)0;
        if (sb.InodeSize > 128 && (128 + extra > sb.InodeSize || extra % 4 != 0))
            throw new Ext4CorruptionException(what, offset + 0x80, $"i_extra_isize {extra} does not fit a {sb.InodeSize}-byte inode");
        uint gen = ReadUInt32LittleEndian(r[0x64..]);
        uint seed = 0;
        if (sb.HasMetadataCsum)
        {
            seed = Crc32c.Update(Crc32c.Update(sb.CsumSeed, ino), gen);
            VerifyChecksum(r, sb.InodeSize, extra, seed, what, offset);
        }
        long size = (long)((ulong)ReadUInt32LittleEndian(r[0x04..]) | (ulong)ReadUInt32LittleEndian(r[0x6C..]) << 32);
        if (size < 0) throw new Ext4CorruptionException(what, offset + 0x6C, $"i_size 0x{(ulong)size:x} is negative");
        return new Ext4Inode
        {
            Number = ino, ByteOffset = offset, Mode = ReadUInt16LittleEndian(r), Size = size,
            Flags = ReadUInt32LittleEndian(r[0x20..]), Generation = gen, Block = r.Slice(0x28, 60).ToArray(),
            Raw = raw, ExtraIsize = extra, CsumSeed = seed,
        };
    }

    /// <summary><c>ext4_inode_csum</c>: both checksum halves count as zero; only the low half exists when
    /// <c>i_checksum_hi</c> does not fit in <c>128 + i_extra_isize</c>.</summary>
    private static void VerifyChecksum(ReadOnlySpan<byte> r, int inodeSize, ushort extra, uint seed, string what, long offset)
    {
        ReadOnlySpan<byte> zero = [0, 0];
        uint c = Crc32c.Update(seed, r[..0x7C]);
        c = Crc32c.Update(c, zero);
        c = Crc32c.Update(c, r[0x7E..0x80]);
        bool hasHi = false;
        if (inodeSize > 128)
        {
            c = Crc32c.Update(c, r[0x80..0x82]);
            hasHi = 128 + extra >= 0x84;
            if (hasHi) c = Crc32c.Update(c, zero);
            c = Crc32c.Update(c, r[(hasHi ? 0x84 : 0x82)..inodeSize]);
        }
        uint want = ReadUInt16LittleEndian(r[0x7C..]);
        if (hasHi) want |= (uint)ReadUInt16LittleEndian(r[0x82..]) << 16;
        else c &= 0xFFFF;
        if (want != c)
            throw new Ext4CorruptionException(what, offset + 0x7C, $"checksum 0x{want:x} does not match the contents (0x{c:x})");
    }
}
