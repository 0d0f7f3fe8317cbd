using IomapModel.IomapCache;

namespace IomapModel.Traces.Cache;

/// <summary>One line of a cache-level trace, parsed. <see cref="Line"/> is where it stands in the file.</summary>
public abstract record CacheTraceEvent(int Line);

/// <summary><c>fs blocksize=B maxbytes=M</c>: the superblock geometry (before any cache event).</summary>
public sealed record FsDirective(int Line, uint BlockSize, long MaxBytes) : CacheTraceEvent(Line);

/// <summary><c>dev ID size=BYTES</c>: a registered iomap block device.</summary>
public sealed record DevDirective(int Line, uint Id, ulong Size) : CacheTraceEvent(Line);

/// <summary><c>inode nodeid=N attr_ino=M</c>: the inode the following cache events address (its cache is created on
/// first use, and notifications find it by node id); <c>conn iomap=0|1</c>: fc->iomap.</summary>
public sealed record InodeDirective(int Line, ulong NodeId, ulong AttrIno) : CacheTraceEvent(Line);
public sealed record ConnDirective(int Line, bool Iomap) : CacheTraceEvent(Line);

public sealed record CacheAdd(int Line, IomapFork Fork, FuseIomap Map) : CacheTraceEvent(Line);
public sealed record CacheUpsert(int Line, IomapFork Fork, FuseIomap Map) : CacheTraceEvent(Line);
public sealed record CacheRemove(int Line, IomapFork Fork, long Offset, ulong Length) : CacheTraceEvent(Line);
public sealed record CacheInvalidateRange(int Line, long Offset, ulong Length) : CacheTraceEvent(Line);
public sealed record CacheLookup(int Line, IomapFork Fork, long Offset, ulong Length) : CacheTraceEvent(Line);

/// <summary><c>try_cache POS COUNT OPS</c>: the iomap_begin cache path (fuse_iomap_try_cache) for an op like
/// <c>write|direct</c>.</summary>
public sealed record TryCache(int Line, long Pos, ulong Count, FuseIomapOp Ops) : CacheTraceEvent(Line);

/// <summary><c>cache_enable</c>: sets FUSE_I_IOMAP_CACHE as a successful upsert notification would.</summary>
public sealed record CacheEnable(int Line) : CacheTraceEvent(Line);

/// <summary><c>expect hit off=O len=L addr=A type=T flags=F dev=D [cookie=C]</c> or <c>expect nohit</c>, right after a
/// <c>cache_lookup</c>: what the kernel answered (a captured <c>fuse_iomap_cache_lookup_result</c>, or its absence).
/// <see cref="Hit"/> is null for "miss or nofork"; the cookie is compared only when given.</summary>
public sealed record LookupExpectation(int Line, FuseIomap? Hit, bool CheckCookie) : CacheTraceEvent(Line);
public sealed record SeqQuery(int Line) : CacheTraceEvent(Line);
public sealed record Dump(int Line, IomapFork Fork) : CacheTraceEvent(Line);
public sealed record NotifyUpsert(int Line, FuseIomapUpsertOut Message) : CacheTraceEvent(Line);
public sealed record NotifyInval(int Line, FuseIomapInvalOut Message) : CacheTraceEvent(Line);
