using IomapModel.Harness.Replay;
using IomapModel.KernelSim.Kernel;
using IomapModel.Traces.Import;

namespace IomapModel.Harness.Pictures;

/// <summary>A cached mapping of the file while it stood unchanged: from operation <see cref="First"/> up to (not
/// including) <see cref="End"/>, the byte range and the type.</summary>
public sealed record MappingSpan(int First, int End, long Offset, long Length, FuseIomapType Type);

/// <summary>
/// What <c>iomapmodel show</c> draws for one file of a workload: the read fork of its iomap cache after every
/// operation of the cache-on replay (as spans of unchanged records), its size after every operation, and per
/// operation the iomap upcalls (FUSE_IOMAP_BEGIN/END/IOEND) and cache hits of both replays — all operations of the
/// workload count, since writeback or a sync of another file can still reach this one.
/// </summary>
public sealed class WorkloadTimeline
{
    private WorkloadTimeline(string path, int ops) { Path = path; Ops = ops; }

    public string Path { get; }
    public int Ops { get; }
    public List<MappingSpan> Spans { get; } = [];
    public long[] Size { get; private set; } = [];
    public long[] UpcallsOn { get; private set; } = [];
    public long[] UpcallsOff { get; private set; } = [];
    public long[] HitsOn { get; private set; } = [];

    /// <summary>The file with the most operations (the mount-wide ones under <c>/</c> never).</summary>
    public static string BusiestFile(ImportedWorkload w) =>
        w.Steps.Where(s => s.Op.Path != "/").GroupBy(s => s.Op.Path).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault() ?? throw new InvalidOperationException($"{w.File}: no file to show");

    public static WorkloadTimeline Record(ImportedWorkload workload, byte[] image, string path)
    {
        int n = workload.Steps.Count;
        var t = new WorkloadTimeline(path, n) { Size = new long[n], UpcallsOn = new long[n], UpcallsOff = new long[n], HitsOn = new long[n] };
        var cost = new CostModel();
        var open = new Dictionary<(long Offset, ulong Length, FuseIomapType Type), int>();
        var name = path.TrimStart('/');
        long[] Upcalls(SimCounters c) => [c.Upcall(FuseOpcode.IomapBegin) + c.Upcall(FuseOpcode.IomapEnd) + c.Upcall(FuseOpcode.IomapIoend), c.CacheHits];
        long[] last = [0, 0];
        WorkloadReplay.Replay(workload, image, cacheOn: true, cost, (i, kernel, _) =>
        {
            var now = Upcalls(kernel.Counters);
            t.UpcallsOn[i] = now[0] - last[0];
            t.HitsOn[i] = now[1] - last[1];
            last = now;
            var ino = kernel.Inodes.FirstOrDefault(x => x.Name == name);
            t.Size[i] = ino?.Size ?? 0;
            var records = new HashSet<(long, ulong, FuseIomapType)>();
            if (ino is not null && kernel.Connection.TryGetInode(ino.NodeId, out var cached))
                foreach (var r in cached.Cache.ReadFork.Records()) records.Add((r.Offset, r.Length, r.Type));
            foreach (var gone in open.Keys.Where(k => !records.Contains(k)).ToList())
            {
                t.Spans.Add(new MappingSpan(open[gone], i, gone.Offset, (long)Math.Min(gone.Length, long.MaxValue), gone.Type));
                open.Remove(gone);
            }
            foreach (var r in records) open.TryAdd(r, i);
        });
        foreach (var (k, first) in open) t.Spans.Add(new MappingSpan(first, n, k.Offset, (long)Math.Min(k.Length, long.MaxValue), k.Type));
        last = [0, 0];
        WorkloadReplay.Replay(workload, image, cacheOn: false, cost, (i, kernel, _) =>
        {
            var now = Upcalls(kernel.Counters);
            t.UpcallsOff[i] = now[0] - last[0];
            last = now;
        });
        return t;
    }
}
