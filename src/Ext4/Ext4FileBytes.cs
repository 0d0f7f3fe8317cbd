namespace IomapModel.Ext4;

/// <summary>A file's bytes as the mapper's layout says they are: every extent's blocks read from the image, zeros
/// for holes and unwritten extents, cut at i_size; inline data from i_block (files of at most 60 bytes).</summary>
public static class Ext4FileBytes
{
    public static byte[] Read(Ext4Image image, Ext4FileLayout layout)
    {
        var bytes = new byte[layout.Size];
        long bs = image.BlockSize;
        if (layout.Kind == Ext4FileKind.InlineData)
        {
            if (layout.Size > 60) throw new NotSupportedException($"inode {layout.Ino}: inline data past i_block (system.data) is not read here");
            image.ReadInode(layout.Ino).Block.AsSpan(0, (int)layout.Size).CopyTo(bytes);
            return bytes;
        }
        foreach (var e in layout.Extents)
        {
            if (e.Unwritten) continue;
            long start = e.LogicalBlock * bs;
            if (start >= layout.Size) continue;
            long len = Math.Min(e.Length * bs, layout.Size - start);
            image.ReadBytes(e.PhysicalBlock * bs, bytes.AsSpan((int)start, (int)len), $"data of inode {layout.Ino}");
        }
        return bytes;
    }
}
