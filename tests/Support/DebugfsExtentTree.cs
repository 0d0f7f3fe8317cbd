using IomapModel.Ext4;

namespace IomapModel.Support;

/// <summary>An extent tree as <c>debugfs dump_extents</c> prints it.</summary>
/// <param name="Depth">The root's depth (the "/ D" of every line); 0 when the tree is empty.</param>
/// <param name="Leaves">The leaf extents in logical order.</param>
/// <param name="NodeBlocks">The blocks the index entries point to: every tree node below the root.</param>
public sealed record DebugfsExtentTree(int Depth, IReadOnlyList<Ext4Extent> Leaves, IReadOnlyList<long> NodeBlocks);
