
namespace IomapModel.KernelSim.Kernel;

/// <summary>What the simulated kernel did: upcalls per opcode, cache hits and misses, revalidation failures, bios,
/// and the simulated time the cost model charged.</summary>
public sealed class SimCounters
{
    private readonly Dictionary<FuseOpcode, long> _upcalls = [];

    public IReadOnlyDictionary<FuseOpcode, long> Upcalls => _upcalls;
    public long Upcall(FuseOpcode op) => _upcalls.GetValueOrDefault(op);
    public long CacheHits { get; internal set; }
    public long CacheMisses { get; internal set; }
    /// <summary>Kernel-side invalidations of a cache that is on (truncate, fallocate, O_TRUNC, direct writes, a
    /// copy's destination): each a call of <c>fuse_iomap_cache_invalidate[_range]</c>.</summary>
    public long Invalidations { get; internal set; }
    /// <summary>Cached mappings found stale by <c>iomap_valid</c> in write_begin.</summary>
    public long StaleWriteBegin { get; internal set; }
    /// <summary>Writeback mappings whose cookie no longer matched (a fresh map_blocks followed).</summary>
    public long StaleWriteback { get; internal set; }
    public long DeviceReads { get; internal set; }
    public long DeviceWrites { get; internal set; }
    /// <summary>Dirty blocks writeback cleaned through a HOLE mapping without IO (seed-iomap.md I2).</summary>
    public long SilentHoleDrops { get; internal set; }
    public double SimMicros { get; internal set; }

    internal void CountUpcall(FuseOpcode op, double micros)
    {
        _upcalls[op] = _upcalls.GetValueOrDefault(op) + 1;
        SimMicros += micros;
    }

    /// <summary>A copy of the counters as they are now (later upcalls do not change it).</summary>
    public SimCounters Snapshot()
    {
        var copy = new SimCounters
        {
            CacheHits = CacheHits, CacheMisses = CacheMisses, Invalidations = Invalidations, StaleWriteBegin = StaleWriteBegin, StaleWriteback = StaleWriteback,
            DeviceReads = DeviceReads, DeviceWrites = DeviceWrites, SilentHoleDrops = SilentHoleDrops, SimMicros = SimMicros,
        };
        foreach (var (op, n) in _upcalls) copy._upcalls[op] = n;
        return copy;
    }

    public void Reset()
    {
        _upcalls.Clear();
        CacheHits = CacheMisses = Invalidations = StaleWriteBegin = StaleWriteback = DeviceReads = DeviceWrites = SilentHoleDrops = 0;
        SimMicros = 0;
    }

    public override string ToString() =>
        string.Join(" ", _upcalls.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")) +
        $" cache_hits={CacheHits} cache_misses={CacheMisses} stale_wb={StaleWriteback} stale_wbegin={StaleWriteBegin} sim_us={SimMicros:F1}";
}
