namespace IomapModel.KernelSim.Cache;

/// <summary>The thin seam between the simulated kernel and one inode's mapping cache (src/IomapCache): what the IO
/// paths need — try_cache, the validity cookie, kernel-side invalidation, eviction. Notifications go through the
/// connection (<see cref="IomapModel.IomapCache.FuseIomapConnection"/>), not through this seam.</summary>
public interface IKernelIomapCache
{
    /// <summary><c>FUSE_I_IOMAP_CACHE</c>: set by the first upsert notification; everything else is skipped while it
    /// is clear.</summary>
    bool Enabled { get; }

    /// <summary>The sequence counter <c>im_seq</c> the validity cookie is compared with.</summary>
    ulong Sequence { get; }

    /// <summary><c>fuse_iomap_try_cache</c> (seed 9128-9225): 1 = served, 0 = upcall, negative errno.
    /// <paramref name="iomapFilled"/>/<paramref name="srcmapFilled"/> say which mappings it wrote — also when it
    /// returns 0, because the upcall path then overwrites only some fields of a partly filled iomap.</summary>
    int TryCache(long pos, ulong count, FuseIomapOp opflags, out FuseIomap iomap, out bool iomapFilled,
        out FuseIomap srcmap, out bool srcmapFilled);

    /// <summary><c>fuse_iomap_revalidate</c> (seed 9014-9027): cookie == im_seq.</summary>
    bool Revalidate(ulong cookie);

    /// <summary><c>fuse_iomap_cache_invalidate_range</c> (seed 9621-9648): block-aligned widening, both forks.</summary>
    int InvalidateRange(long offset, ulong length);

    /// <summary><c>fuse_iomap_cache_invalidate(inode, offset)</c>: [round_down(offset), EOF) in both forks; offset 0
    /// destroys without a sequence bump.</summary>
    int InvalidateToEof(long offset);

    /// <summary>Eviction of the inode: clear the cache bit, drop everything.</summary>
    void Evict();
}
