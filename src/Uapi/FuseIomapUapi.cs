namespace IomapModel.Uapi;

/// <summary>Mapping types, <c>FUSE_IOMAP_TYPE_*</c> from the seed's uapi (fuse.h, seed lines 1516-1521, 7104-7105).
/// The wire field is a u16, so any number can arrive; the named values are the ones the kernel knows.</summary>
public enum FuseIomapType : ushort
{
    Hole = 0,
    Delalloc = 1,
    Mapped = 2,
    Unwritten = 3,
    Inline = 4,
    /// <summary>No record here: a begin reply that says "I upserted, look in the cache again".</summary>
    Null = 0xFFFE,
    /// <summary>Write fork only: "use the read mapping for writes here".</summary>
    PureOverwrite = 0xFFFF,
}

/// <summary>Mapping flags, <c>FUSE_IOMAP_F_*</c> (seed lines 1525-1537).</summary>
[Flags]
public enum FuseIomapFlags : ushort
{
    None = 0,
    New = 1 << 0,
    Dirty = 1 << 1,
    Shared = 1 << 2,
    Merged = 1 << 3,
    Xattr = 1 << 5,
    Boundary = 1 << 6,
    AnonWrite = 1 << 7,
    AtomicBio = 1 << 8,
    WantIomapEnd = 1 << 12,
    SizeChanged = 1 << 14,
    Stale = 1 << 15,
}

/// <summary>Operation flags passed to iomap_begin, <c>FUSE_IOMAP_OP_*</c> (seed lines 1539-1548).</summary>
[Flags]
public enum FuseIomapOp : uint
{
    None = 0,
    Write = 1 << 0,
    Zero = 1 << 1,
    Report = 1 << 2,
    Fault = 1 << 3,
    Direct = 1 << 4,
    NoWait = 1 << 5,
    OverwriteOnly = 1 << 6,
    Unshare = 1 << 7,
    Atomic = 1 << 9,
    DontCache = 1 << 10,
}

/// <summary>Scalar uapi constants the tree and the cache share.</summary>
public static class FuseIomapConstants
{
    /// <summary><c>FUSE_IOMAP_NULL_ADDR</c>: the address is not valid (-1ULL).</summary>
    public const ulong NullAddr = ulong.MaxValue;

    /// <summary><c>FUSE_IOMAP_DEV_NULL</c>: no device cookie.</summary>
    public const uint DevNull = 0;

    /// <summary><c>FUSE_IOMAP_INVAL_TO_EOF</c>: an invalidation length meaning "to the end of the file" (~0ULL).</summary>
    public const ulong InvalToEof = ulong.MaxValue;

    /// <summary><c>FUSE_IOMAP_MAX_LEN</c>: the merge cap. The C defines it as <c>(loff_t)(1ULL &lt;&lt; 63)</c>, which is
    /// negative, and only ever compares it against u64 sums; so it is a u64 here.</summary>
    public const ulong MaxLen = 1UL << 63;

    /// <summary>True for the types whose address means something (MAPPED and UNWRITTEN).</summary>
    public static bool IsRealType(FuseIomapType type) => type is FuseIomapType.Mapped or FuseIomapType.Unwritten;
}
