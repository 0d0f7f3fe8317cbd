namespace IomapModel.Ext4;

/// <summary>Everything the mapper needs to answer iomap requests for one inode: its size and where its blocks are.</summary>
/// <param name="Ino">The ext4 inode number (FUSE's attr_ino).</param>
/// <param name="Kind">Extent tree, block map or inline data.</param>
/// <param name="Size">i_size in bytes.</param>
/// <param name="Extents">Sorted, non-overlapping; for block-mapped files, maximal physically contiguous runs.</param>
/// <param name="TreeDepth">eh_depth of the extent tree root (0 for block-mapped and inline files).</param>
/// <param name="InlineSize">Bytes stored inline (i_block plus system.data); 0 unless <see cref="Ext4FileKind.InlineData"/>.</param>
public sealed record Ext4FileLayout(uint Ino, Ext4FileKind Kind, long Size, IReadOnlyList<Ext4Extent> Extents, int TreeDepth, int InlineSize)
{
    /// <summary>The blocks that hold the mapping itself: extent tree nodes below the root, or indirect blocks, in the
    /// order they were read. They are in use but belong to no file offset.</summary>
    public IReadOnlyList<long> MetadataBlocks { get; init; } = [];
}
