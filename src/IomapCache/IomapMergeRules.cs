namespace IomapModel.IomapCache;

/// <summary>When two mappings may become one record (seed <c>fuse_iomap_addrs_adjacent</c>, <c>fuse_iomap_can_merge</c>,
/// <c>fuse_iomap_can_merge3</c>). All sums are u64 and wrap, as in C; the cap is <c>FUSE_IOMAP_MAX_LEN</c> = 2^63.</summary>
internal static class IomapMergeRules
{
    public static bool AddrsAdjacent(in FuseIomap left, in FuseIomap right) =>
        FuseIomapConstants.IsRealType(left.Type)
            ? unchecked(left.Addr + left.Length) == right.Addr
            : left.Addr == FuseIomapConstants.NullAddr && right.Addr == FuseIomapConstants.NullAddr;

    public static bool CanMerge(in FuseIomap left, in FuseIomap right) =>
        left.Dev == right.Dev &&
        left.End == unchecked((ulong)right.Offset) &&
        left.Type == right.Type &&
        AddrsAdjacent(left, right) &&
        left.Flags == right.Flags &&
        unchecked(left.Length + right.Length) <= FuseIomapConstants.MaxLen;

    public static bool CanMerge3(in FuseIomap left, in FuseIomap middle, in FuseIomap right) =>
        unchecked(left.Length + middle.Length + right.Length) <= FuseIomapConstants.MaxLen;
}
