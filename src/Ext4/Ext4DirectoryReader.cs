using System.Text;
using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>Reads a directory linearly: every data block (or the inline area) as a chain of <c>ext4_dir_entry_2</c>
/// records. Hashed (htree) directories read the same way, because their index blocks look like one empty entry
/// spanning the block and the root's "." and ".." cover the dx_root. Entries are checked as
/// <c>__ext4_check_dir_entry</c> does; leaf blocks with a checksum tail are verified under metadata_csum, index
/// blocks by their dx_tail (<see cref="Ext4DxBlock"/>): a dx_root keeps the stale dirent tail of the linear block
/// it replaced, so it must never be checked as a leaf.</summary>
internal static class Ext4DirectoryReader
{
    private const int TailSize = 12;

    public static List<Ext4DirEntry> Read(ImageBytes image, Ext4Superblock sb, Ext4Inode dir, Ext4FileLayout layout)
    {
        var entries = new List<Ext4DirEntry>();
        if (layout.Kind == Ext4FileKind.InlineData)
        {
            var bytes = Ext4InlineData.Read(dir, sb.InodeSize);
            // The first four bytes hold the parent's inode number in place of "." and "..".
            uint parent = ReadUInt32LittleEndian(bytes);
            entries.Add(new Ext4DirEntry("..", parent, 2));
            Parse(sb, bytes.AsSpan(4, Ext4InlineData.BlockBytes - 4), $"inline directory of inode {dir.Number}", dir.ByteOffset + 0x2C, entries);
            if (bytes.Length > Ext4InlineData.BlockBytes)
                Parse(sb, bytes.AsSpan(Ext4InlineData.BlockBytes), $"inline directory xattr of inode {dir.Number}", dir.ByteOffset + 128, entries);
            return entries;
        }
        long blocks = (dir.Size + sb.BlockSize - 1) / sb.BlockSize;
        var block = new byte[sb.BlockSize];
        int e = 0;
        for (long lblk = 0; lblk < blocks; lblk++)
        {
            while (e < layout.Extents.Count && layout.Extents[e].EndBlock <= lblk) e++;
            if (e == layout.Extents.Count || layout.Extents[e].LogicalBlock > lblk)
                throw new Ext4CorruptionException($"directory inode {dir.Number}", dir.ByteOffset, $"directory has a hole at block {lblk} of {blocks}");
            var x = layout.Extents[e];
            long at = (x.PhysicalBlock + (lblk - x.LogicalBlock)) * sb.BlockSize;
            string what = $"directory block {lblk} of inode {dir.Number}";
            image.Read(at, block, what);
            int usable = block.Length;
            if (Ext4DxBlock.IsIndexBlock(dir, lblk, block))
                Ext4DxBlock.Verify(sb, dir, lblk, block, what, at);
            else if (sb.HasMetadataCsum && HasTail(block))
            {
                VerifyTail(block, dir, what, at);
                usable -= TailSize;
            }
            Parse(sb, block.AsSpan(0, usable), what, at, entries);
        }
        return entries;
    }

    private static bool HasTail(ReadOnlySpan<byte> b)
    {
        var t = b[^TailSize..];
        return ReadUInt32LittleEndian(t) == 0 && ReadUInt16LittleEndian(t[4..]) == TailSize && t[6] == 0 && t[7] == 0xDE;
    }

    private static void VerifyTail(ReadOnlySpan<byte> b, Ext4Inode dir, string what, long at)
    {
        uint want = ReadUInt32LittleEndian(b[^4..]);
        uint got = Crc32c.Update(dir.CsumSeed, b[..^TailSize]);
        if (want != got)
            throw new Ext4CorruptionException(what, at + b.Length - 4, $"checksum 0x{want:x8} does not match the contents (0x{got:x8})");
    }

    private static void Parse(Ext4Superblock sb, ReadOnlySpan<byte> area, string what, long at, List<Ext4DirEntry> into)
    {
        bool fileType = sb.Has(Ext4IncompatFeatures.FileType);
        for (int off = 0; off < area.Length;)
        {
            if (off + 8 > area.Length) throw new Ext4CorruptionException(what, at + off, $"entry header runs past the end ({area.Length} bytes)");
            uint ino = ReadUInt32LittleEndian(area[off..]);
            int recLen = Ext4DirEntry.RecLen(area[off..], sb.BlockSize);
            int nameLen = fileType ? area[off + 6] : ReadUInt16LittleEndian(area[(off + 6)..]);
            if (recLen < 12 && !(recLen == 8 && nameLen == 0))
                throw new Ext4CorruptionException(what, at + off + 4, $"rec_len {recLen} is smaller than the minimum 12");
            if (recLen % 4 != 0) throw new Ext4CorruptionException(what, at + off + 4, $"rec_len {recLen} is not a multiple of 4");
            if (recLen < ((8 + nameLen + 3) & ~3)) throw new Ext4CorruptionException(what, at + off + 4, $"rec_len {recLen} is too small for a {nameLen}-byte name");
            if (off + recLen > area.Length) throw new Ext4CorruptionException(what, at + off + 4, $"rec_len {recLen} runs past the end ({area.Length} bytes)");
            if (ino > sb.InodesCount) throw new Ext4CorruptionException(what, at + off, $"entry points to inode {ino}, above s_inodes_count {sb.InodesCount}");
            if (ino != 0 && nameLen > 0)
                into.Add(new Ext4DirEntry(Encoding.UTF8.GetString(area.Slice(off + 8, nameLen)), ino, fileType ? area[off + 7] : (byte)0));
            off += recLen;
        }
    }
}
