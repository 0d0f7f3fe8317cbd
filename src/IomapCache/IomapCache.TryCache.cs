namespace IomapModel.IomapCache;

/// <summary>What <see cref="IomapCache.TryCache"/> produced. <see cref="Iomap"/> and <see cref="Srcmap"/> are the
/// mappings it filled from the cache (null: untouched) — filled even when <see cref="Ret"/> is 0, because the kernel's
/// upcall path then overwrites only some fields of a partly filled iomap (docs/findings.md).</summary>
public readonly record struct TryCacheResult(int Ret, FuseIomap? Iomap, FuseIomap? Srcmap)
{
    public bool Served => Ret == 1;
}

/// <summary>The iomap_begin cache path (seed <c>fuse_iomap_try_cache</c>, <c>fuse_iomap_from_cache</c>,
/// <c>fuse_iomap_validate_cached</c>, 9014-9225).</summary>
public sealed partial class IomapCache
{
    /// <summary>
    /// <c>fuse_iomap_try_cache</c>: 1 when the cache answers the whole begin, 0 to upcall, or a negative errno. Writes
    /// look in the write fork first: a hit of any type but PURE_OVERWRITE becomes the iomap and the read fork then
    /// supplies the srcmap; a pure overwrite or a missing write fork falls through to the read fork for the iomap; a
    /// write-fork miss upcalls. A write served from a cached HOLE upcalls unless it is ZERO/UNSHARE, and one served
    /// from DELALLOC upcalls for DIRECT. Inline mappings still need <c>fuse_iomap_set_inline</c>, the caller's job.
    /// </summary>
    public TryCacheResult TryCache(long pos, ulong count, FuseIomapOp opflags)
    {
        FuseIomap? iomap = null, srcmap = null;
        var destIsSrcmap = false;
        if (!CacheEnabled)
            return new TryCacheResult(0, null, null);

        var isWrite = IomapMappingChecks.IsFileWrite(opflags);
        FuseIomap map;
        int ret;
        if (isWrite)
        {
            var res = Lookup(IomapFork.Write, pos, count, out map);
            if (res == IomapLookupResult.Miss)
                return new TryCacheResult(0, iomap, srcmap);
            if (res == IomapLookupResult.Hit)
            {
                // The seed passes (opflags, FUSE_IOMAP_WRITE_FORK) to a function declared (whichfork, opflags).
                ret = ValidateCached((IomapFork)(uint)opflags, (FuseIomapOp)IomapFork.Write, map);
                if (ret != 0)
                    return new TryCacheResult(ret, iomap, srcmap);
                if (map.Type != FuseIomapType.PureOverwrite)
                {
                    ret = FromCache(map, out var filled);
                    if (ret != 0)
                        return new TryCacheResult(ret, iomap, srcmap);
                    iomap = filled;
                    destIsSrcmap = true;
                }
            }
        }

        switch (Lookup(IomapFork.Read, pos, count, out map))
        {
            case IomapLookupResult.NoFork:
                _asserts.Check(false, "fuse_iomap_try_cache", "res != LOOKUP_NOFORK");
                return new TryCacheResult(-FuseErrno.EIO, iomap, srcmap);
            case IomapLookupResult.Miss:
                return new TryCacheResult(0, iomap, srcmap);
        }

        ret = ValidateCached((IomapFork)(uint)opflags, (FuseIomapOp)IomapFork.Read, map);
        if (ret != 0)
            return new TryCacheResult(ret, iomap, srcmap);
        ret = FromCache(map, out var fromRead);
        if (ret != 0)
            return new TryCacheResult(ret, iomap, srcmap);
        if (destIsSrcmap)
            srcmap = fromRead;
        else
            iomap = fromRead;

        if (!isWrite)
            return new TryCacheResult(1, iomap, srcmap);
        ret = iomap!.Value.Type switch
        {
            FuseIomapType.Hole => (opflags & (FuseIomapOp.Zero | FuseIomapOp.Unshare)) != 0 ? 1 : 0,
            FuseIomapType.Delalloc => (opflags & FuseIomapOp.Direct) != 0 ? 0 : 1,
            _ => 1,
        };
        return new TryCacheResult(ret, iomap, srcmap);
    }

    /// <summary><c>fuse_iomap_from_cache</c>: a real mapping must name a registered device, else -EIO (no fallback to an
    /// upcall).</summary>
    private int FromCache(in FuseIomap map, out FuseIomap filled)
    {
        filled = map;
        return Devices.FindDev(map.Type, map.Dev, out _, out _);
    }

    /// <summary><c>fuse_iomap_validate_cached</c>: 0 in release builds; with debug checks, the sanity checks of a cached
    /// mapping. Faithfully called with its fork and opflags arguments swapped, so its "pure overwrite only in the write
    /// fork" test really compares the op flags with 1 (IOMAP_WRITE).</summary>
    private int ValidateCached(IomapFork whichfork, FuseIomapOp opflags, in FuseIomap map)
    {
        _ = opflags;
        if (!Options.DebugChecks)
            return 0;
        if (!IomapMappingChecks.CheckType(map.Type) || !IomapMappingChecks.CheckFlags(map.Flags) || map.Length == 0 ||
            IomapMappingChecks.AddOverflows(map.Offset, map.Length) || map.Offset >= Geometry.MaxBytes)
            return -FuseErrno.EIO;
        switch (map.Type)
        {
            case FuseIomapType.PureOverwrite:
                if (whichfork != IomapFork.Write)
                    return -FuseErrno.EIO;
                break;
            case FuseIomapType.Mapped:
            case FuseIomapType.Unwritten:
                if (map.Dev == FuseIomapConstants.DevNull || map.Addr == FuseIomapConstants.NullAddr)
                    return -FuseErrno.EIO;
                break;
            case FuseIomapType.Delalloc:
            case FuseIomapType.Hole:
            case FuseIomapType.Inline:
                if (map.Dev != FuseIomapConstants.DevNull || map.Addr != FuseIomapConstants.NullAddr)
                    return -FuseErrno.EIO;
                break;
            default:
                return -FuseErrno.EIO;
        }
        if (map.Addr != FuseIomapConstants.NullAddr && IomapMappingChecks.AddOverflows(map.Addr, map.Length))
            return -FuseErrno.EIO;
        return 0;
    }
}
