using BenchmarkDotNet.Attributes;
using IomapModel.IextTree;
using IomapModel.IomapCache;

namespace IomapModel.Bench;

/// <summary>
/// The cache's own paths at a steady size, time per operation: an invalidation that splits a record in two, the
/// upsert that merges the three pieces back (left, new, right: <c>fuse_iext_add_mapping</c>'s both-sides case), and a
/// lookup at an unaligned offset that trims the hit. Records are 12 KiB at a 16 KiB stride, contiguous on the device
/// within a record, types alternating so neighbours never merge.
/// </summary>
public abstract class CacheBenchmarkBase
{
    private const long Stride = 16384;
    protected const int Ops = 1024;
    protected IomapModel.IomapCache.IomapCache _cache = null!;
    private long[] _targets = [];
    protected long[] _lookups = [];
    protected int _next;

    [ParamsSource(nameof(Sizes))]
    public int Records { get; set; }

    public static IEnumerable<int> Sizes => BenchSizes.Cache;

    private static FuseIomap Record(long i, long from, ulong length) => new(i * Stride + from, length,
        (ulong)(i * Stride + from), i % 2 == 0 ? FuseIomapType.Mapped : FuseIomapType.Unwritten, FuseIomapFlags.None, 1);

    [GlobalSetup]
    public void Setup()
    {
        var devices = new IomapDeviceTable();
        devices.Register(1, 1UL << 50);
        _cache = new IomapModel.IomapCache.IomapCache(new IomapGeometry(), devices);
        _cache.EnableCache();
        for (var i = 0; i < Records; i++)
            Check(_cache.Add(IomapFork.Read, Record(i, 0, 12288)));
        var rng = new Random(3);
        _targets = Enumerable.Range(0, Records).OrderBy(_ => rng.Next()).Take(Ops).Select(i => (long)i).ToArray();
        if (_targets.Length < Ops)
            throw new InvalidOperationException($"need at least {Ops} records");
        _lookups = Enumerable.Range(0, 1 << 20).Select(_ => rng.Next(Records) * Stride + rng.Next(12288)).ToArray();
        JitWarmup.Run(() =>
        {
            SplitAll();
            MergeAll();
        });
    }

    private static void Check(int ret)
    {
        if (ret != 0)
            throw new InvalidOperationException($"cache returned {ret}");
    }

    protected void SplitAll()
    {
        foreach (var i in _targets)
            Check(_cache.InvalidateRange(i * Stride + 4096, 4096));
    }

    protected void MergeAll()
    {
        foreach (var i in _targets)
            Check(_cache.Upsert(IomapFork.Read, Record(i, 4096, 4096)));
    }
}

/// <summary>Split and merge, 1,024 per iteration, each batch undone (untimed) by the other.</summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class CacheUpdateBenchmarks : CacheBenchmarkBase
{
    [IterationCleanup(Target = nameof(InvalidateSplit))]
    public void UndoSplit() => MergeAll();

    [IterationSetup(Target = nameof(UpsertMerge))]
    public void PrepareMerge() => SplitAll();

    /// <summary><c>fuse_iomap_cache_invalidate_range</c> over the middle 4 KiB of a record: update + insert.</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public void InvalidateSplit() => SplitAll();

    /// <summary>Upsert of the missing middle: remove (nothing there), then add merging left and right.</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public void UpsertMerge() => MergeAll();
}

/// <summary>Trimmed lookups at random unaligned offsets (a 2^20-entry table walked 1,024 at a time).</summary>
[MemoryDiagnoser]
public class CacheLookupBenchmarks : CacheBenchmarkBase
{
    /// <summary><c>fuse_iomap_cache_lookup</c> at an unaligned offset for 6000 bytes: hit, trim, cookie.</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public ulong LookupTrim()
    {
        var sum = 0UL;
        var start = _next;
        _next = (_next + Ops) & ((1 << 20) - 1);
        foreach (var off in _lookups.AsSpan(start, Ops))
            if (_cache.Lookup(IomapFork.Read, off, 6000, out var map) == IomapLookupResult.Hit)
                sum += map.Length;
        return sum;
    }
}
