using IomapModel.KernelSim.Kernel;
using CacheImpl = IomapModel.IomapCache.IomapCache;

namespace IomapModel.KernelSim.Cache;

/// <summary><see cref="IKernelIomapCache"/> over the real per-inode cache of src/IomapCache; counts the invalidations
/// of an enabled cache in <paramref name="counters"/>.</summary>
internal sealed class IomapCacheSeam(CacheImpl cache, SimCounters? counters = null) : IKernelIomapCache
{
    public CacheImpl Cache { get; } = cache;
    public bool Enabled => Cache.CacheEnabled;
    public ulong Sequence => Cache.Sequence;

    public int TryCache(long pos, ulong count, FuseIomapOp opflags, out FuseIomap iomap, out bool iomapFilled,
        out FuseIomap srcmap, out bool srcmapFilled)
    {
        var r = Cache.TryCache(pos, count, opflags);
        iomapFilled = r.Iomap.HasValue;
        srcmapFilled = r.Srcmap.HasValue;
        iomap = r.Iomap.GetValueOrDefault();
        srcmap = r.Srcmap.GetValueOrDefault();
        return r.Ret;
    }

    public bool Revalidate(ulong cookie) => Cache.Revalidate(cookie);
    public int InvalidateRange(long offset, ulong length)
    {
        Counted();
        return Cache.InvalidateRange(offset, length);
    }

    public int InvalidateToEof(long offset)
    {
        Counted();
        return Cache.Invalidate(offset);
    }

    private void Counted()
    {
        if (counters is not null && Cache.CacheEnabled) counters.Invalidations++;
    }
    public void Evict() => Cache.Evict();
}
