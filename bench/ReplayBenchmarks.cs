using System.Text;
using BenchmarkDotNet.Attributes;
using IomapModel.Harness.Replay;
using IomapModel.Traces.Cache;

namespace IomapModel.Bench;

/// <summary>
/// Replaying a generated cache trace of 10^6 events (<c>iomap-trace v1</c>, made in setup, never written to disk):
/// 250,000 rounds of an add, a lookup, an invalidation that splits the record and a notified upsert that merges it back,
/// over a read fork that grows to 250,000 records. Parse alone, replay alone (events already parsed) and both, as
/// <c>iomapmodel replay</c> does; time per event, so events per second is 10^9 / Mean.
/// </summary>
[MemoryDiagnoser]
public class ReplayBenchmarks
{
    public const int Events = 1_000_000;
    private string _trace = "";
    private IReadOnlyList<CacheTraceEvent> _parsed = [];

    /// <summary>The trace text: 4 events a round, record <c>i</c> 12 KiB at <c>i * 16 KiB</c>.</summary>
    public static string Generate(int events)
    {
        var sb = new StringBuilder("iomap-trace v1\nfs blocksize=4096 maxbytes=9223372036854775807\ndev 1 size=1099511627776\ncache_enable\n");
        for (long i = 0; i < events / 4; i++)
        {
            var off = i * 16384;
            var type = i % 2 == 0 ? "mapped" : "unwritten";
            sb.Append("cache_add r ").Append(off).Append(" 12288 ").Append(off).Append(' ').Append(type).Append(" 0 1\n");
            sb.Append("cache_lookup r ").Append(off + 1000).Append(" 6000\n");
            sb.Append("cache_invalidate_range ").Append(off + 4096).Append(" 4096\n");
            sb.Append("notify_upsert read_offset=").Append(off + 4096).Append(" read_length=4096 read_addr=").Append(off + 4096)
              .Append(" read_type=").Append(type).Append(" read_dev=1 write_type=null write_offset=").Append(off + 4096)
              .Append(" write_length=4096 write_addr=0xffffffffffffffff\n");
        }
        return sb.ToString();
    }

    [GlobalSetup]
    public void Setup()
    {
        _trace = Generate(Events);
        _parsed = CacheTraceParser.Parse("generated.trace", new StringReader(_trace));
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int Parse() => CacheTraceParser.Parse("generated.trace", new StringReader(_trace)).Count;

    [Benchmark(OperationsPerInvoke = Events)]
    public ulong Replay()
    {
        var replayer = new CacheReplayer(TextWriter.Null);
        replayer.Run(_parsed);
        return replayer.Cache.Sequence;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public ulong ParseAndReplay()
    {
        var replayer = new CacheReplayer(TextWriter.Null);
        replayer.Run(CacheTraceParser.Parse("generated.trace", new StringReader(_trace)));
        return replayer.Cache.Sequence;
    }
}
