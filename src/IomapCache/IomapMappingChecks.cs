namespace IomapModel.IomapCache;

/// <summary>The type and flag sanity checks shared by begin replies, upserts and cached mappings
/// (seed <c>fuse_iomap_check_type</c>, <c>fuse_iomap_check_flags</c>, 1678-1720).</summary>
internal static class IomapMappingChecks
{
    /// <summary><c>FUSE_IOMAP_F_ALL</c>: the flags a server may send.</summary>
    public const FuseIomapFlags AllFlags = FuseIomapFlags.New | FuseIomapFlags.Dirty | FuseIomapFlags.Shared |
        FuseIomapFlags.Merged | FuseIomapFlags.Xattr | FuseIomapFlags.Boundary | FuseIomapFlags.AnonWrite |
        FuseIomapFlags.AtomicBio | FuseIomapFlags.WantIomapEnd;

    /// <summary>Known types; NULL counts since PATCH 2/4 of the cache series (seed 9000).</summary>
    public static bool CheckType(FuseIomapType type) => type is FuseIomapType.PureOverwrite or FuseIomapType.Null or FuseIomapType.Hole or
        FuseIomapType.Delalloc or FuseIomapType.Mapped or FuseIomapType.Unwritten or FuseIomapType.Inline;

    public static bool CheckFlags(FuseIomapFlags flags) => (flags & ~AllFlags) == 0;

    /// <summary><c>check_add_overflow(a, b, &amp;u64_result)</c>: true when the exact sum does not fit a u64 (a signed
    /// loff_t operand can make it negative).</summary>
    public static bool AddOverflows(Int128 a, ulong b) => a + b is var sum && (sum < 0 || sum > ulong.MaxValue);

    /// <summary><c>fuse_is_iomap_file_write</c>: WRITE, ZERO or UNSHARE.</summary>
    public static bool IsFileWrite(FuseIomapOp opflags) =>
        (opflags & (FuseIomapOp.Write | FuseIomapOp.Zero | FuseIomapOp.Unshare)) != 0;
}
