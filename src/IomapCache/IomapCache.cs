using IomapModel.IextTree;

namespace IomapModel.IomapCache;

/// <summary>
/// The per-inode mapping cache, <c>struct fuse_iomap_cache</c> (seed 6386-6420): a read fork that always exists, a
/// write fork created by the first add into it, and one sequence counter <c>im_seq</c> shared by both, whose value is
/// the validity cookie handed out with every hit. The kernel serialises all of this under <c>im_lock</c>; the model's
/// callers (KernelSim's actors) do the locking, so nothing here blocks.
/// </summary>
public sealed partial class IomapCache
{
    private readonly IomapSequence _seq = new();
    private readonly KernelAsserts _asserts;
    private readonly List<string> _corruptionReports = [];

    public IomapCache(IomapGeometry geometry, IomapDeviceTable devices, IomapCacheOptions? options = null, KernelAsserts? asserts = null)
    {
        Geometry = geometry;
        Devices = devices;
        Options = options ?? new IomapCacheOptions();
        _asserts = asserts ?? new KernelAsserts();
        ReadFork = new IextFork(_seq, _asserts);
    }

    public IomapGeometry Geometry { get; }
    public IomapDeviceTable Devices { get; }
    public IomapCacheOptions Options { get; }

    /// <summary><c>im_read</c>.</summary>
    public IextFork ReadFork { get; }

    /// <summary><c>im_write</c>: null until the first add into the write fork; never null again until eviction.</summary>
    public IextFork? WriteFork { get; private set; }

    /// <summary><c>im_seq</c>.</summary>
    public ulong Sequence => _seq.Value;

    /// <summary>The inode state bit <c>FUSE_I_IOMAP_CACHE</c>: set by the first validated upsert notification, cleared
    /// only at eviction; while clear, try_cache and invalidation do nothing.</summary>
    public bool CacheEnabled { get; private set; }

    public KernelAsserts Asserts => _asserts;

    /// <summary>Where this inode's cache tracepoints go; null (the default) traces nothing.</summary>
    public IIomapCacheTracepoints? Tracepoints { get; set; }

    /// <summary>What <c>fuse_iext_check_mappings</c> printed ("FUSE IOMAP CORRUPTION"), when debug checks are on.</summary>
    public IReadOnlyList<string> CorruptionReports => _corruptionReports;

    /// <summary><c>test_and_set_bit(FUSE_I_IOMAP_CACHE)</c>; true the first time.</summary>
    public bool EnableCache()
    {
        var first = !CacheEnabled;
        CacheEnabled = true;
        return first;
    }

    /// <summary><c>fuse_iomap_fork_ptr</c>.</summary>
    public IextFork? ForkOf(IomapFork fork) => fork switch
    {
        IomapFork.Read => ReadFork,
        IomapFork.Write => WriteFork,
        _ => Fail(),
    };

    private IextFork? Fail()
    {
        _asserts.Check(false, "fuse_iomap_fork_ptr", "0");
        return null;
    }

    /// <summary><c>fuse_iomap_revalidate</c>: a mapping is still good when its cookie equals the current counter.</summary>
    public bool Revalidate(ulong cookie) => cookie == _seq.Value;

    /// <summary><c>fuse_iomap_upsert</c> on one fork (<c>fuse_iomap_cache_upsert</c>, seed 6463-6473): remove the range,
    /// then add the mapping.</summary>
    public int Upsert(IomapFork fork, in FuseIomap map)
    {
        var err = Remove(fork, map.Offset, map.Length);
        return err != 0 ? err : Add(fork, map);
    }

    /// <summary><c>fuse_iomap_cache_invalidate_range</c> (seed 9621-9648): widen to block boundaries and remove from both
    /// forks; a no-op while the cache bit is clear. Returns the read fork's error first.</summary>
    public int InvalidateRange(long offset, ulong length)
    {
        if (!CacheEnabled)
            return 0;
        var alignedOffset = Geometry.RoundDown(offset);
        if (length != FuseIomapConstants.InvalToEof)
        {
            length = unchecked(length + (ulong)(offset - alignedOffset));
            length = Geometry.RoundUp(length);
        }
        var ret = Remove(IomapFork.Read, alignedOffset, length);
        var ret2 = Remove(IomapFork.Write, alignedOffset, length);
        return ret != 0 ? ret : ret2;
    }

    /// <summary><c>fuse_iomap_cache_invalidate</c>: from <paramref name="offset"/> to EOF. With offset 0 this takes the
    /// destroy shortcut, which does not bump the counter.</summary>
    public int Invalidate(long offset) => InvalidateRange(offset, FuseIomapConstants.InvalToEof);

    /// <summary><c>fuse_iomap_clear_cache</c> at eviction: clear the bit and drop both forks.</summary>
    public void Evict()
    {
        CacheEnabled = false;
        ReadFork.Destroy();
        WriteFork?.Destroy();
    }

    /// <summary><c>fuse_iext_check_mappings</c> in debug builds: records what the kernel would print.</summary>
    private void CheckMappings(IomapFork fork)
    {
        if (Options.DebugChecks)
            foreach (var problem in FindMappingProblems(fork))
                _corruptionReports.Add($"FUSE IOMAP CORRUPTION fork={fork} {problem}");
    }

    /// <summary>The pairs <c>fuse_iext_check_mappings</c> flags, whatever the build: a zero length, a record starting
    /// before its predecessor ends (the kernel's unsigned compare), or two records that could have merged.</summary>
    public IReadOnlyList<string> FindMappingProblems(IomapFork fork)
    {
        var problems = new List<string>();
        if (ForkOf(fork) is not { } ifp)
            return problems;
        FuseIomap? prev = null;
        var nr = 0UL;
        foreach (var got in ifp.Records())
        {
            if (prev is { } p && (got.Length == 0 || unchecked((ulong)got.Offset) < p.End || IomapMergeRules.CanMerge(p, got)))
                problems.Add($"nr={nr} prev: {p} curr: {got}");
            prev = got;
            nr++;
        }
        return problems;
    }
}

/// <summary>Build-time choices of the modelled kernel.</summary>
/// <param name="DebugChecks"><c>CONFIG_FUSE_IOMAP_DEBUG</c>: <c>fuse_iomap_validate_cached</c> and
/// <c>fuse_iext_check_mappings</c> run (off in a release kernel, where the first is 0 and the second nothing).</param>
public sealed record IomapCacheOptions(bool DebugChecks = false);
