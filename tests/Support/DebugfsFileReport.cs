namespace IomapModel.Support;

/// <summary>What debugfs says about one file.</summary>
/// <param name="Tree"><c>dump_extents</c>, or null for a file without an extent tree.</param>
/// <param name="Stat">The block list of <c>stat</c> (EXTENTS: or BLOCKS:).</param>
/// <param name="Blocks"><c>blocks</c>: every block the inode owns (data, indirect blocks, extent tree nodes) in
/// debugfs's traversal order.</param>
public sealed record DebugfsFileReport(DebugfsExtentTree? Tree, DebugfsStatBlocks Stat, IReadOnlyList<long> Blocks);
