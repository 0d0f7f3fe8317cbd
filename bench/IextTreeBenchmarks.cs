using BenchmarkDotNet.Attributes;
using IomapModel.IextTree;

namespace IomapModel.Bench;

/// <summary>What a cache lookup and an insert cost in the ported tree, by tree size. Compare with the FUSE round trip
/// an upcall costs (docs/kernelsim.md) to see what a cache hit saves.</summary>
[MemoryDiagnoser]
public class IextTreeBenchmarks
{
    private IextFork _fork = null!;
    private long[] _probes = [];

    [Params(7, 1_000, 100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fork = Build(Records);
        var rng = new Random(1);
        _probes = Enumerable.Range(0, 1024).Select(_ => (long)rng.Next(Records) * 8192).ToArray();
    }

    private static IextFork Build(int records)
    {
        var fork = new IextFork(new IomapSequence(), new KernelAsserts());
        var cur = default(IextCursor);
        for (var i = 0; i < records; i++)
        {
            // Appends at the past-the-end cursor, as sequential cache adds do.
            fork.LookupExtent(i * 8192L, out cur, out _);
            fork.Insert(ref cur, new FuseIomap(i * 8192L, 4096, (ulong)i * 4096, FuseIomapType.Mapped, 0, 1));
        }
        return fork;
    }

    [Benchmark(OperationsPerInvoke = 1024)]
    public int LookupExtentHit()
    {
        var hits = 0;
        foreach (var off in _probes)
            if (_fork.LookupExtent(off, out _, out _))
                hits++;
        return hits;
    }

    [Benchmark]
    public long BuildByAppending() => Build(Records).Count;
}
