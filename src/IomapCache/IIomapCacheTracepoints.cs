namespace IomapModel.IomapCache;

/// <summary>
/// The cache's tracepoints for one inode, fired where the seed fires them: <c>fuse_iomap_cache_remove</c> on entry to
/// the remove (seed 8530), <c>fuse_iomap_cache_add</c> on entry to the add (8750), <c>fuse_iomap_cache_lookup</c> on
/// entry to the lookup and <c>_lookup_result</c> on a hit (8828, 8857), <c>fuse_iomap_upsert</c>/<c>_inval</c> once the
/// notified inode was found (10154, 10244), and <c>fuse_iomap_cache_enable</c> when the cache bit first goes on
/// (10182). The inode is whoever owns this sink; a sink that formats them is <c>Harness.Replay.CaptureRecorder</c>.
/// </summary>
public interface IIomapCacheTracepoints
{
    void CacheRemove(IomapFork fork, long offset, ulong length);
    void CacheAdd(IomapFork fork, in FuseIomap map);
    void CacheLookup(IomapFork fork, long pos, ulong count);
    void CacheLookupResult(IomapFork fork, long pos, ulong count, in FuseIomap got, in FuseIomap map);
    void Upsert(in FuseIomapUpsertOut outarg);
    void Inval(in FuseIomapInvalOut outarg);
    void CacheEnable();
}
