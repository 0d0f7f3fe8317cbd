using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>An inline-data inode's bytes: the 60 bytes of <c>i_block</c> followed by the value of the in-inode extended
/// attribute <c>system.data</c> (name index 7, name "data") found after <c>128 + i_extra_isize</c>.</summary>
internal static class Ext4InlineData
{
    public const int BlockBytes = 60;
    private const uint XattrMagic = 0xEA020000;
    private const int EntryHeader = 16;

    /// <summary>All inline bytes (its length is what debugfs calls "Size of inline data").</summary>
    public static byte[] Read(Ext4Inode inode, int inodeSize)
    {
        var value = SystemDataValue(inode, inodeSize);
        var all = new byte[BlockBytes + value.Length];
        inode.Block.CopyTo(all, 0);
        value.CopyTo(all.AsSpan(BlockBytes));
        return all;
    }

    private static ReadOnlySpan<byte> SystemDataValue(Ext4Inode inode, int inodeSize)
    {
        string what = $"in-inode xattrs of inode {inode.Number}";
        int start = 128 + inode.ExtraIsize;
        var raw = inode.Raw.AsSpan(0, inodeSize);
        if (inodeSize <= 128 || start + 4 > inodeSize || ReadUInt32LittleEndian(raw[start..]) != XattrMagic)
            throw new Ext4CorruptionException(what, inode.ByteOffset + start, "inline-data inode has no in-inode xattr area (system.data missing)");
        int first = start + 4;
        for (int at = first; at + 4 <= inodeSize && ReadUInt32LittleEndian(raw[at..]) != 0;)
        {
            if (at + EntryHeader > inodeSize)
                throw new Ext4CorruptionException(what, inode.ByteOffset + at, "xattr entry runs past the inode");
            int nameLen = raw[at], index = raw[at + 1];
            int valueOffs = ReadUInt16LittleEndian(raw[(at + 2)..]);
            uint valueInum = ReadUInt32LittleEndian(raw[(at + 4)..]);
            int valueSize = (int)Math.Min(ReadUInt32LittleEndian(raw[(at + 8)..]), int.MaxValue);
            int next = at + ((nameLen + EntryHeader + 3) & ~3);
            if (next > inodeSize) throw new Ext4CorruptionException(what, inode.ByteOffset + at, $"xattr name of {nameLen} bytes runs past the inode");
            if (index == 7 && nameLen == 4 && raw.Slice(at + EntryHeader, 4).SequenceEqual("data"u8))
            {
                if (valueInum != 0) throw new Ext4CorruptionException(what, inode.ByteOffset + at + 4, "system.data stored in an EA inode");
                if (valueSize == 0) return [];
                if (first + valueOffs < next || (long)first + valueOffs + valueSize > inodeSize)
                    throw new Ext4CorruptionException(what, inode.ByteOffset + at + 2, $"system.data value [{valueOffs}, +{valueSize}) lies outside the xattr area");
                return raw.Slice(first + valueOffs, valueSize);
            }
            at = next;
        }
        throw new Ext4CorruptionException(what, inode.ByteOffset + start, "inline-data inode has no system.data xattr");
    }
}
