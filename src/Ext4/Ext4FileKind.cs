namespace IomapModel.Ext4;

/// <summary>How an inode's data is addressed; fuse2fs dispatches on the same three cases (seed 15210-15225).</summary>
public enum Ext4FileKind
{
    /// <summary><c>EXT4_EXTENTS_FL</c>: an extent tree rooted in <c>i_block</c>.</summary>
    Extents,
    /// <summary>Neither flag: 12 direct pointers, then single, double and triple indirect blocks.</summary>
    BlockMapped,
    /// <summary><c>EXT4_INLINE_DATA_FL</c>: the bytes live in <c>i_block</c> and the <c>system.data</c> xattr.</summary>
    InlineData,
}
