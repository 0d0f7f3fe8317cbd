using IomapModel.IextTree;
using IomapModel.KernelSim.Uapi;

namespace IomapModel.KernelSim.Cache;

/// <summary>Which fork of the per-inode mapping cache (<c>enum fuse_iomap_fork</c>).</summary>
public enum CacheFork { Read = 0, Write = 1 }

/// <summary>The thin seam between the simulated kernel and the per-inode iomap cache (src/IomapCache). Everything the
/// IO paths need: try_cache, the validity cookie, kernel-side invalidation and the notify handlers.</summary>
public interface IKernelIomapCache
{
    /// <summary><c>FUSE_I_IOMAP_CACHE</c>: set by the first upsert notification; everything but the notifies is
    /// skipped while it is clear.</summary>
    bool Enabled { get; }

    /// <summary>The sequence counter <c>im_seq</c> the validity cookie is compared with.</summary>
    ulong Sequence { get; }

    /// <summary><c>fuse_iomap_try_cache</c> (seed 9128-9225): 1 = served (iomap, and srcmap when an out-of-place write
    /// mapping hit), 0 = upcall, negative errno. <paramref name="hasSrcmap"/> is false when srcmap was untouched.</summary>
    int TryCache(long pos, ulong count, FuseIomapOp opflags, out FuseIomap iomap, out FuseIomap srcmap, out bool hasSrcmap);

    /// <summary><c>fuse_iomap_revalidate</c> (seed 9014-9027): cookie == im_seq.</summary>
    bool Revalidate(ulong cookie);

    /// <summary><c>fuse_iomap_cache_invalidate_range</c> (seed 9621-9648): block-aligned widening, both forks.</summary>
    int InvalidateRange(long offset, ulong length);

    /// <summary><c>fuse_iomap_cache_invalidate(inode, offset)</c>: [round_down(offset), EOF) in both forks; offset 0
    /// destroys without a sequence bump.</summary>
    int InvalidateToEof(long offset);

    /// <summary>FUSE_NOTIFY_IOMAP_UPSERT processing after the nodeid lookup (<c>fuse_iomap_upsert</c>).</summary>
    int NotifyUpsert(in FuseIomapUpsertOut outarg);

    /// <summary>FUSE_NOTIFY_IOMAP_INVAL processing after the nodeid lookup (<c>fuse_iomap_inval</c>).</summary>
    int NotifyInval(in FuseIomapInvalOut outarg);

    /// <summary>Eviction of the inode: drop everything.</summary>
    void Destroy();
}
