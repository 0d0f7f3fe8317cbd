using IomapModel.IomapCache;

namespace IomapModel.Traces.Capture;

/// <summary>The seed's fuse_trace.h tables the cache events print with, entry for entry and in the seed's order.</summary>
internal static class TraceSymbolTables
{
    /// <summary><c>FUSE_IOMAP_TYPE_STRINGS</c> (seed 1207-1213, with "null" added at 8888): PURE_OVERWRITE prints as
    /// "overwrite".</summary>
    public static readonly TraceSymbolTable Types = new("FUSE_IOMAP_TYPE_STRINGS",
        ((ulong)FuseIomapType.PureOverwrite, "overwrite"),
        ((ulong)FuseIomapType.Null, "null"),
        ((ulong)FuseIomapType.Hole, "hole"),
        ((ulong)FuseIomapType.Delalloc, "delalloc"),
        ((ulong)FuseIomapType.Mapped, "mapped"),
        ((ulong)FuseIomapType.Unwritten, "unwritten"),
        ((ulong)FuseIomapType.Inline, "inline"));

    /// <summary><c>FUSE_IOMAP_F_STRINGS</c> (seed 1182-1193): ATOMIC_BIO prints "atomic", WANT_IOMAP_END "iomap_end",
    /// SIZE_CHANGED "append".</summary>
    public static readonly TraceSymbolTable MapFlags = new("FUSE_IOMAP_F_STRINGS",
        ((ulong)FuseIomapFlags.New, "new"),
        ((ulong)FuseIomapFlags.Dirty, "dirty"),
        ((ulong)FuseIomapFlags.Shared, "shared"),
        ((ulong)FuseIomapFlags.Merged, "merged"),
        ((ulong)FuseIomapFlags.Xattr, "xattr"),
        ((ulong)FuseIomapFlags.Boundary, "boundary"),
        ((ulong)FuseIomapFlags.AnonWrite, "anon_write"),
        ((ulong)FuseIomapFlags.AtomicBio, "atomic"),
        ((ulong)FuseIomapFlags.WantIomapEnd, "iomap_end"),
        ((ulong)FuseIomapFlags.SizeChanged, "append"),
        ((ulong)FuseIomapFlags.Stale, "stale"));

    /// <summary><c>FUSE_IOMAP_OP_STRINGS</c> (seed 1195-1205): OVERWRITE_ONLY prints "overwrite".</summary>
    public static readonly TraceSymbolTable Ops = new("FUSE_IOMAP_OP_STRINGS",
        ((ulong)FuseIomapOp.Write, "write"),
        ((ulong)FuseIomapOp.Zero, "zero"),
        ((ulong)FuseIomapOp.Report, "report"),
        ((ulong)FuseIomapOp.Fault, "fault"),
        ((ulong)FuseIomapOp.Direct, "direct"),
        ((ulong)FuseIomapOp.NoWait, "nowait"),
        ((ulong)FuseIomapOp.OverwriteOnly, "overwrite"),
        ((ulong)FuseIomapOp.Unshare, "unshare"),
        ((ulong)FuseIomapOp.Atomic, "atomic"),
        ((ulong)FuseIomapOp.DontCache, "dontcache"));

    /// <summary><c>FUSE_IOMAP_FORK_STRINGS</c> (seed 6536-6538).</summary>
    public static readonly TraceSymbolTable Forks = new("FUSE_IOMAP_FORK_STRINGS",
        ((ulong)IomapFork.Read, "read"),
        ((ulong)IomapFork.Write, "write"));
}
