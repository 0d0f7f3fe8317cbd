using IomapModel.IextTree;

namespace IomapModel.Bench;

/// <summary>
/// The mappings every tree benchmark uses: record <c>i</c> is 4 KiB at offset <c>i * 8 KiB</c>, so a 4 KiB hole
/// follows each one; types alternate so no two neighbours could merge. Probes come from a 2^20-entry random table
/// walked 1,024 at a time, so a large structure cannot keep the probed paths in cache between invocations.
/// </summary>
internal static class ExtentWorkload
{
    public const long Stride = 8192;
    public const ulong Length = 4096;
    public const int ProbesPerInvoke = 1024;
    private const int ProbeTable = 1 << 20;

    public static FuseIomap Mapping(long i) => new(i * Stride, Length, (ulong)i * Length,
        i % 2 == 0 ? FuseIomapType.Mapped : FuseIomapType.Unwritten, FuseIomapFlags.None, 1);

    /// <summary>The mapping that fills the hole after record <c>i</c> (its type differs from both neighbours' in
    /// merge terms only by address, which the tree ignores).</summary>
    public static FuseIomap HoleMapping(long i) => new(i * Stride + (long)Length, Length, ulong.MaxValue / 2 + (ulong)i,
        FuseIomapType.Delalloc, FuseIomapFlags.None, 0);

    public static T Build<T>(int records) where T : struct, IExtentMap<T>
    {
        var map = T.Create();
        for (var i = 0; i < records; i++)
            map.Insert(Mapping(i));
        return map;
    }

    /// <summary>Probe offsets: record starts (hits), hole starts (misses: the answer is the next record), or
    /// alternately inside a record and inside the hole after it (ends for LookupExtentBefore).</summary>
    public static long[] Probes(int records, ProbeKind kind, int seed = 1)
    {
        var rng = new Random(seed);
        var probes = new long[ProbeTable];
        for (var i = 0; i < probes.Length; i++)
        {
            var r = rng.Next(records);
            probes[i] = r * Stride + kind switch
            {
                ProbeKind.Hit => 0,
                ProbeKind.Miss => (long)Length,
                _ => i % 2 == 0 ? 2048 : (long)Length + 2048,
            };
        }
        return probes;
    }

    /// <summary>Looks up the next 1,024 probes; returns how many found a covering record.</summary>
    public static int Lookups<T>(ref T map, long[] probes, ref int next) where T : struct, IExtentMap<T>
    {
        var hits = 0;
        var start = next;
        next = (next + ProbesPerInvoke) & (ProbeTable - 1);
        foreach (var offset in probes.AsSpan(start, ProbesPerInvoke))
            if (map.Lookup(offset, out var got) && got.Offset <= offset)
                hits++;
        return hits;
    }

    /// <summary>LookupExtentBefore over the next 1,024 probes; returns the sum of the pulled-back ends.</summary>
    public static long LookupsBefore<T>(ref T map, long[] probes, ref int next) where T : struct, IExtentMap<T>
    {
        var sum = 0L;
        var start = next;
        next = (next + ProbesPerInvoke) & (ProbeTable - 1);
        foreach (var probe in probes.AsSpan(start, ProbesPerInvoke))
        {
            var end = probe;
            if (map.LookupBefore(ref end, out _))
                sum += end;
        }
        return sum;
    }
}

internal enum ProbeKind
{
    Hit,
    Miss,
    Before,
}

/// <summary>
/// Random inserts into holes, and removals of what they inserted, at a steady size: each operation goes to one of several copies
/// of the structure, so that no copy grows or shrinks by more than an eighth (for the large sizes one copy takes all
/// 1,024, under 4% of it).
/// </summary>
internal sealed class ExtentChurn<T> where T : struct, IExtentMap<T>
{
    public const int Ops = 1024;
    private readonly T[] _copies;
    private readonly (int Copy, FuseIomap Map)[] _ops;

    public ExtentChurn(int records, int seed = 7)
    {
        var perCopy = Math.Max(1, records / 8);
        _copies = new T[(Ops + perCopy - 1) / perCopy];
        for (var c = 0; c < _copies.Length; c++)
            _copies[c] = ExtentWorkload.Build<T>(records);
        var rng = new Random(seed);
        _ops = new (int, FuseIomap)[Ops];
        for (var c = 0; c < _copies.Length; c++)
        {
            var picks = Enumerable.Range(0, records).OrderBy(_ => rng.Next()).Take(perCopy).ToArray();
            for (var k = 0; k < picks.Length && c * perCopy + k < Ops; k++)
                _ops[c * perCopy + k] = (c, ExtentWorkload.HoleMapping(picks[k]));
        }
        _ops = _ops.OrderBy(_ => rng.Next()).ToArray();
        JitWarmup.Run(() =>
        {
            InsertAll();
            RemoveAll();
        });
    }

    public void InsertAll()
    {
        foreach (var (copy, map) in _ops)
            _copies[copy].Insert(map);
    }

    public void RemoveAll()
    {
        foreach (var (copy, map) in _ops)
            _copies[copy].Remove(map.Offset);
    }
}

/// <summary>
/// Runs a benchmark's own operations for a while before it is measured. The benchmarks timed one batch per iteration
/// (<c>InvocationCount(1)</c>) call the tree too few times in BenchmarkDotNet's warmup for the runtime to swap in
/// optimized code (tier 1 waits for 30 calls and 100 ms without new methods); run for half a second, it does.
/// </summary>
internal static class JitWarmup
{
    public static void Run(Action cycle)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 500)
            cycle();
    }
}
