using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>The index blocks of a hashed (htree) directory: the dx_root in block 0 and dx_node blocks, recognised
/// as the kernel's <c>__ext4_read_dirblock</c> does (block 0, or a first entry whose rec_len spans the block).
/// They are not leaves: they carry a <c>dx_tail</c> after <c>limit</c> index entries instead of a dirent tail,
/// checked as <c>ext4_dx_csum_verify</c> does (crc32c over the header and used entries, then dt_reserved, then
/// a zero checksum). A linear reader still parses them as entries: "." and ".." in the root, one empty entry in
/// a node.</summary>
internal static class Ext4DxBlock
{
    private const int EntrySize = 8;
    private const int TailSize = 8;

    public static bool IsIndexBlock(Ext4Inode dir, long lblk, ReadOnlySpan<byte> block) =>
        dir.IsHtreeIndexed && (lblk == 0 || (ReadUInt32LittleEndian(block) == 0 && Ext4DirEntry.RecLen(block, block.Length) == block.Length));

    /// <summary>Checks count/limit and, under metadata_csum, the dx_tail checksum.</summary>
    public static void Verify(Ext4Superblock sb, Ext4Inode dir, long lblk, ReadOnlySpan<byte> block, string what, long at)
    {
        int countOffset;
        if (lblk == 0)
        {
            // "." (12 bytes), ".." header (12 bytes), then dx_root_info: its info_length says where the count sits.
            int infoLength = block[0x18 + 5];
            countOffset = 0x18 + infoLength;
        }
        else countOffset = 8;
        if (countOffset + 4 > block.Length)
            throw new Ext4CorruptionException(what, at + 0x18, $"htree count at {countOffset} runs past the block");
        int limit = ReadUInt16LittleEndian(block[countOffset..]);
        int count = ReadUInt16LittleEndian(block[(countOffset + 2)..]);
        if (count > limit)
            throw new Ext4CorruptionException(what, at + countOffset + 2, $"htree count {count} is above limit {limit}");
        if (!sb.HasMetadataCsum) return;
        int tailAt = countOffset + limit * EntrySize;
        if (tailAt + TailSize > block.Length)
            throw new Ext4CorruptionException(what, at + countOffset, $"htree limit {limit} leaves no room for the dx_tail");
        uint crc = Crc32c.Update(dir.CsumSeed, block[..(countOffset + count * EntrySize)]);
        crc = Crc32c.Update(crc, block.Slice(tailAt, 4));
        crc = Crc32c.Update(crc, stackalloc byte[4]);
        uint want = ReadUInt32LittleEndian(block[(tailAt + 4)..]);
        if (want != crc)
            throw new Ext4CorruptionException(what, at + tailAt + 4, $"htree checksum 0x{want:x8} does not match the contents (0x{crc:x8})");
    }
}
