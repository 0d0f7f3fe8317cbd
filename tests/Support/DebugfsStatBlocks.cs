using IomapModel.Ext4;

namespace IomapModel.Support;

/// <summary>What <c>debugfs stat</c> says about an inode's size and blocks: the header's Flags and Size, the
/// "Size of inline data" line, and the BLOCKS: (block map) or EXTENTS: (extent tree) section.</summary>
/// <param name="Flags">i_flags (0x80000 extents, 0x10000000 inline data, 0x1000 htree index).</param>
/// <param name="Size">i_size.</param>
/// <param name="InlineSize">"Size of inline data", or null when there is none.</param>
/// <param name="Data">Data runs in the order printed, exactly as printed (not merged).</param>
/// <param name="Metadata">(kind, block) of the mapping's own blocks: IND, DIND, TIND, or ETB0, ETB1, ...</param>
public sealed record DebugfsStatBlocks(uint Flags, long Size, int? InlineSize, IReadOnlyList<Ext4Extent> Data, IReadOnlyList<(string Kind, long Block)> Metadata)
{
    /// <summary>The data runs sorted by logical block, with runs that continue each other both logically and physically
    /// (and have the same written state) joined: the form <see cref="Ext4FileLayout.Extents"/> uses for block maps.</summary>
    public IReadOnlyList<Ext4Extent> MergedData => ExtentRuns.Merge(Data);

    /// <summary>How the inode addresses its data, by its flags.</summary>
    public Ext4FileKind Kind => (Flags & 0x10000000) != 0 ? Ext4FileKind.InlineData
        : (Flags & 0x80000) != 0 ? Ext4FileKind.Extents : Ext4FileKind.BlockMapped;
}
