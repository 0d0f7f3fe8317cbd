namespace IomapModel.Ext4;

/// <summary>One live <c>ext4_dir_entry_2</c>: a name and the inode it links to.</summary>
public readonly record struct Ext4DirEntry(string Name, uint Ino, byte FileType)
{
    /// <summary>The rec_len of the entry at <paramref name="entry"/> as <c>ext4_rec_len_from_disk</c> decodes it: on
    /// 64 KiB blocks 0 and 0xFFFF stand for the whole block.</summary>
    internal static int RecLen(ReadOnlySpan<byte> entry, long blockSize)
    {
        int recLen = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(entry[4..]);
        return blockSize == 65536 && (recLen == 0xFFFF || recLen == 0) ? 65536 : recLen;
    }
}
