using System.Text;
using IomapModel.Ext4;
using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces.Import;
using IomapModel.Workloads;
using IomapModel.Workloads.Sim;

namespace IomapModel.Harness.Replay;

/// <summary>What one replay of a workload did to one file (or to all): the operations, the iomap upcalls
/// (FUSE_IOMAP_BEGIN, _END, _IOEND), the cache hits and misses, the kernel-side invalidations, every upcall by
/// opcode, and the upcall time the cost model predicts for them.</summary>
public sealed class ReplayTally
{
    private readonly Dictionary<FuseOpcode, long> _upcalls = [];

    public int Ops { get; internal set; }
    public long Hits { get; private set; }
    public long Misses { get; private set; }
    public long Invalidations { get; private set; }
    public IReadOnlyDictionary<FuseOpcode, long> Upcalls => _upcalls;
    public long Upcall(FuseOpcode op) => _upcalls.GetValueOrDefault(op);
    public long IomapBegin => Upcall(FuseOpcode.IomapBegin);
    public long IomapEnd => Upcall(FuseOpcode.IomapEnd);
    public long IomapIoend => Upcall(FuseOpcode.IomapIoend);

    /// <summary>Every upcall at its round trip (<see cref="CostModel.Upcall"/>), µs.</summary>
    public double PredictedUpcallMicros { get; private set; }

    /// <summary>The FUSE_IOMAP_BEGIN/END/IOEND upcalls alone, µs: what the cache can save.</summary>
    public double PredictedIomapMicros { get; private set; }

    internal void Add(SimCounters before, SimCounters after, CostModel cost)
    {
        Hits += after.CacheHits - before.CacheHits;
        Misses += after.CacheMisses - before.CacheMisses;
        Invalidations += after.Invalidations - before.Invalidations;
        foreach (var (op, n) in after.Upcalls)
        {
            long d = n - before.Upcall(op);
            if (d == 0) continue;
            _upcalls[op] = _upcalls.GetValueOrDefault(op) + d;
            PredictedUpcallMicros += d * cost.Upcall(op);
            if (op is FuseOpcode.IomapBegin or FuseOpcode.IomapEnd or FuseOpcode.IomapIoend) PredictedIomapMicros += d * cost.Upcall(op);
        }
    }

    /// <summary><c>FUSE_IOMAP_BEGIN</c> for <see cref="FuseOpcode.IomapBegin"/>.</summary>
    public static string Name(FuseOpcode op)
    {
        var s = new StringBuilder("FUSE");
        foreach (var c in op.ToString())
        {
            if (char.IsUpper(c)) s.Append('_');
            s.Append(char.ToUpperInvariant(c));
        }
        return s.ToString();
    }
}

/// <summary>How the operations of one kind fared in a replay: how many ran, how many succeeded, the errors by errno,
/// and why the model could not do them (an unsupported outcome), if it could not.</summary>
public sealed class KindOutcome(string kind)
{
    public string Kind { get; } = kind;
    public int Count { get; internal set; }
    public int Ok { get; internal set; }
    public SortedDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> Unsupported { get; } = new(StringComparer.Ordinal);
}

/// <summary>One replay of a workload (cache on or off).</summary>
public sealed class WorkloadRun(bool cacheOn)
{
    public bool CacheOn { get; } = cacheOn;
    public ReplayTally Total { get; } = new();

    /// <summary>Per file, in order of first appearance (mount-wide operations under <c>/</c>).</summary>
    public List<(string Path, ReplayTally Tally)> Files { get; } = [];

    public List<KindOutcome> Outcomes { get; } = [];

    /// <summary>Every kernel ASSERT the run hit (they only warn).</summary>
    public int Asserts { get; internal set; }

    internal ReplayTally File(string path)
    {
        foreach (var (p, t) in Files) if (p == path) return t;
        var tally = new ReplayTally();
        Files.Add((path, tally));
        return tally;
    }

    internal KindOutcome Outcome(string kind)
    {
        var o = Outcomes.FirstOrDefault(o => o.Kind == kind);
        if (o is null) Outcomes.Add(o = new KindOutcome(kind));
        return o;
    }
}

/// <summary>Both replays of a workload and what they ran on.</summary>
public sealed record WorkloadReplayResult(ImportedWorkload Workload, string Image, CostModel Cost, WorkloadRun CacheOn, WorkloadRun CacheOff);

/// <summary>
/// Replays an imported workload through the model the way the RFC's kernel and fuse2fs would have served it: the
/// simulated kernel (<see cref="SimKernel"/>, buffered, direct and mmap IO through its iomap paths) over the fuse2fs
/// server (<see cref="Ext4Server"/>, RFC v3 behaviour) on the same starting image bytes, once with the iomap cache
/// (the server upserts every mapping and replies NULL) and once without (every iomap_begin is an upcall). Each
/// operation runs to completion (<see cref="SimFiles.Run"/>); its counters are charged to its file. An operation the
/// model cannot do is counted as unsupported under its kind, never dropped; one the model fails on (it should not)
/// is counted as an error of that kind and the replay goes on.
/// </summary>
public static class WorkloadReplay
{
    /// <param name="image">The starting image (only read).</param>
    /// <param name="imageDescription">Where the image came from, for the report.</param>
    /// <param name="progress">Called after every operation with (done, total) over both runs.</param>
    public static WorkloadReplayResult Run(ImportedWorkload workload, byte[] image, string imageDescription, Action<int, int>? progress = null)
    {
        var cost = new CostModel();
        int total = workload.Steps.Count * 2;
        var on = Replay(workload, image, cacheOn: true, cost, null, done => progress?.Invoke(done, total));
        var off = Replay(workload, image, cacheOn: false, cost, null, done => progress?.Invoke(workload.Steps.Count + done, total));
        return new WorkloadReplayResult(workload, imageDescription, cost, on, off);
    }

    /// <summary>One replay; <paramref name="observe"/> sees the kernel and the files after every step (its index).</summary>
    public static WorkloadRun Replay(ImportedWorkload workload, byte[] image, bool cacheOn, CostModel cost,
        Action<int, SimKernel, SimFiles>? observe = null, Action<int>? progress = null)
    {
        using var ext4 = Ext4Image.Open(image);
        var server = new Ext4Server(ext4, Fuse2fsQuirks.Seed, cacheIomaps: cacheOn);
        var kernel = new SimKernel(server, new SimOptions { Cost = cost });
        var files = new SimFiles(kernel);
        var run = new WorkloadRun(cacheOn);
        for (int i = 0; i < workload.Steps.Count; i++)
        {
            var step = workload.Steps[i];
            var before = kernel.Counters.Snapshot();
            var outcome = Apply(files, step.Op);
            var after = kernel.Counters.Snapshot();
            var tally = run.File(step.Op.Path);
            tally.Ops++;
            tally.Add(before, after, cost);
            run.Total.Ops++;
            run.Total.Add(before, after, cost);
            var kind = run.Outcome(step.Kind);
            kind.Count++;
            if (outcome.IsUnsupported) ImportCount(kind.Unsupported, outcome.Unsupported!);
            else if (outcome.Ret < 0) ImportCount(kind.Errors, FuseErrno.Show(outcome.Ret));
            else kind.Ok++;
            observe?.Invoke(i, kernel, files);
            progress?.Invoke(i + 1);
        }
        run.Asserts = kernel.Asserts.Hits.Count;
        return run;
    }

    /// <summary>The operation's outcome; an exception of the model (a bug: no input may cause one) becomes an
    /// unsupported outcome naming it, so the rest of the workload still replays.</summary>
    private static OpOutcome Apply(SimFiles files, FileOp op)
    {
        try
        {
            return files.Run(op);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException or IndexOutOfRangeException or IOException)
        {
            return OpOutcome.NotSupported($"the model failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static void ImportCount(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}
