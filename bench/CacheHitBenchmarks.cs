using BenchmarkDotNet.Attributes;
using IomapModel.IextTree;
using IomapModel.IomapCache;

namespace IomapModel.Bench;

/// <summary>What answering <c>iomap_begin</c> from the cache costs in the model (<c>fuse_iomap_try_cache</c>), by how
/// many records the read fork holds, for a read (one fork) and a pure overwrite (write fork, then read fork). The
/// alternative is a FUSE round trip: 16 µs median on this machine for a payload-free request (docs/kernelsim.md).</summary>
[MemoryDiagnoser]
public class CacheHitBenchmarks
{
    private IomapModel.IomapCache.IomapCache _cache = null!;
    private long[] _probes = [];

    [Params(1, 1_000, 100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var devices = new IomapDeviceTable();
        devices.Register(1, 1UL << 40);
        _cache = new IomapModel.IomapCache.IomapCache(new IomapGeometry(), devices);
        _cache.EnableCache();
        for (var i = 0; i < Records; i++) // alternate types so neighbours never merge
            _cache.Add(IomapFork.Read, new FuseIomap(i * 8192L, 8192, (ulong)i * 8192,
                i % 2 == 0 ? FuseIomapType.Mapped : FuseIomapType.Unwritten, 0, 1));
        _cache.Add(IomapFork.Write, new FuseIomap(0, (ulong)Records * 8192, FuseIomapConstants.NullAddr,
            FuseIomapType.PureOverwrite, 0, 0));
        var rng = new Random(1);
        _probes = Enumerable.Range(0, 1024).Select(_ => (long)rng.Next(Records) * 8192).ToArray();
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int ReadHit()
    {
        var served = 0;
        foreach (var pos in _probes)
            served += _cache.TryCache(pos, 4096, FuseIomapOp.None).Ret;
        return served;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int PureOverwriteHit()
    {
        var served = 0;
        foreach (var pos in _probes)
            served += _cache.TryCache(pos, 4096, FuseIomapOp.Write).Ret;
        return served;
    }
}
