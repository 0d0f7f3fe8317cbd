namespace IomapModel.IomapCache;

/// <summary>Cache lookups (seed <c>fuse_iomap_cache_lookup</c> and <c>fuse_iomap_trim</c>, 8779-8860).</summary>
public sealed partial class IomapCache
{
    /// <summary>
    /// <c>fuse_iomap_cache_lookup</c>: HIT when a record covers <paramref name="off"/>, trimmed to
    /// <c>[round_down(off), min(round_up(off + len), record end))</c> and stamped with the current counter as its
    /// validity cookie; MISS for a hole or nothing at or after <paramref name="off"/>; NOFORK for a write fork that
    /// was never created. Lookups change nothing.
    /// </summary>
    public IomapLookupResult Lookup(IomapFork fork, long off, ulong len, out FuseIomap map)
    {
        map = default;
        Tracepoints?.CacheLookup(fork, off, len);
        var ifp = ForkOf(fork);
        if (ifp is null)
            return IomapLookupResult.NoFork;
        if (!ifp.LookupExtent(off, out _, out var got) || got.Offset > off)
            return IomapLookupResult.Miss;
        map = Trim(got, off, unchecked((long)len)) with { ValidityCookie = _seq.Value };
        Tracepoints?.CacheLookupResult(fork, off, len, got, map);
        return IomapLookupResult.Hit;
    }

    /// <summary><c>fuse_iomap_trim</c>: loff_t arithmetic and a signed <c>min_t(loff_t, ...)</c>, as in C.</summary>
    private FuseIomap Trim(in FuseIomap got, long off, long len)
    {
        var alignedOff = Geometry.RoundDown(off);
        var alignedEnd = Geometry.RoundUp(unchecked(off + len));
        var alignedLen = unchecked(alignedEnd - alignedOff);
        var into = unchecked(alignedOff - got.Offset);

        _asserts.Check(alignedOff >= got.Offset, "fuse_iomap_trim", "aligned_off >= got->offset");

        var addr = FuseIomapConstants.IsRealType(got.Type) ? unchecked(got.Addr + (ulong)into) : FuseIomapConstants.NullAddr;
        var length = Math.Min(alignedLen, unchecked((long)(got.Length - (ulong)into)));
        return new FuseIomap(alignedOff, unchecked((ulong)length), addr, got.Type, got.Flags, got.Dev);
    }
}
