namespace IomapModel.Ext4Mapper;

/// <summary>The RFC v3 fuse2fs mapping bugs (seed-fuse2fs.md §9) the model reproduces by default; each can be turned
/// off to see what the code meant. See docs/findings.md.</summary>
/// <param name="MinIsMax">Q1: fuse2fs's <c>min</c> macro returns the larger value (seed 14779), so
/// <c>fuse2fs_iomap_begin_indirect</c> scans at least 128 KiB past pos instead of at most.</param>
/// <param name="OneBlockIndirectHoles">Q2: a hole in a block-mapped file is always reported one block long
/// (seed 15131-15182), costing one upcall per hole block.</param>
/// <param name="UnalignedIndirectOffset">Q3: a block-mapped answer starts at pos itself, not at its block, so an
/// unaligned pos makes the kernel reject the reply with -EIO.</param>
public sealed record Fuse2fsQuirks(bool MinIsMax = true, bool OneBlockIndirectHoles = true, bool UnalignedIndirectOffset = true)
{
    /// <summary>What RFC v3 does.</summary>
    public static Fuse2fsQuirks Seed { get; } = new();

    /// <summary>What it was meant to do (and what later e2fsprogs does).</summary>
    public static Fuse2fsQuirks Intended { get; } = new(false, false, false);
}
