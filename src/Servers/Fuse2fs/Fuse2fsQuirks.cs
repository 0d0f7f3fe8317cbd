namespace IomapModel.Servers.Fuse2fs;

/// <summary>The RFC v3 fuse2fs bugs (seed-fuse2fs.md §9, docs/findings.md F8-F17) the model reproduces by default;
/// each can be turned off to see what the code meant.</summary>
/// <param name="MinIsMax">Q1/F9: fuse2fs's <c>min</c> macro returns the larger value (seed 14779), so
/// <c>fuse2fs_iomap_begin_indirect</c> scans at least 128 KiB past pos instead of at most.</param>
/// <param name="OneBlockIndirectHoles">Q2/F8: a hole in a block-mapped file is always reported one block long
/// (seed 15131-15182), costing one upcall per hole block.</param>
/// <param name="UnalignedIndirectOffset">Q3/F10: a block-mapped answer starts at pos itself, not at its block, so an
/// unaligned pos makes the kernel reject the reply with -EIO.</param>
/// <param name="WholeGapBeforeFirstExtent">F11: libext2fs's <c>extent_fallocate</c> (RFC era, with 149805bf) gives the
/// helper a range left of the first extent with that extent as its right neighbour even when the range does not reach
/// it, and loops: an unwritten first extent is prepended to, <c>len</c> blocks at a time, down to the range's start, so
/// a one-block write there allocates the whole gap when the blocks physically before that extent are free.</param>
/// <param name="MergeBothNeverFits">F12: <c>ext_falloc_helper</c> asks for one block too many when it would join
/// both neighbours, so that merge never happens.</param>
/// <param name="UpsertErrorIsErange">F13: <c>op_iomap_begin</c> passes the upsert's negative errno to
/// <c>translate_error</c> (seed 17531-17536), which negates small values into a positive return that libfuse turns
/// into -ERANGE.</param>
/// <param name="InlinePunchDropsSize">F14: a KEEP_SIZE punch from block 0 of an inline-data file goes through
/// <c>ext2fs_punch_inline_data</c>, which sets i_size to 0.</param>
/// <param name="IndirectPunchMiscounts">F17: libext2fs's <c>ext2fs_punch</c> on a block-mapped file stops at a region
/// boundary and, under a DIND/TIND, frees to the end of the indirect block (<c>Ext2IndirectPunch</c>).</param>
public sealed record Fuse2fsQuirks(
    bool MinIsMax = true, bool OneBlockIndirectHoles = true, bool UnalignedIndirectOffset = true,
    bool WholeGapBeforeFirstExtent = true, bool MergeBothNeverFits = true, bool UpsertErrorIsErange = true,
    bool InlinePunchDropsSize = true, bool IndirectPunchMiscounts = true)
{
    /// <summary>What RFC v3 does.</summary>
    public static Fuse2fsQuirks Seed { get; } = new();

    /// <summary>What it was meant to do (and, for F8-F10, what later e2fsprogs does).</summary>
    public static Fuse2fsQuirks Intended { get; } = new(false, false, false, false, false, false, false, false);
}
