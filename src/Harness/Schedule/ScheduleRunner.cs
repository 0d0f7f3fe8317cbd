using System.Globalization;
using IomapModel.KernelSim;
using IomapModel.KernelSim.Kernel;
using IomapModel.KernelSim.Scheduling;
using IomapModel.Servers;
using IomapModel.Servers.Reference;
using IomapModel.Traces.Schedule;
using IomapModel.Workloads;
using IomapModel.Workloads.Shadow;
using IomapModel.Workloads.Sim;

namespace IomapModel.Harness.Schedule;

/// <summary>The outcome of a replay: the counters of the actor phase, the bios that hit moved blocks, whether the data
/// survived fsync, eviction and reread, the expectations that failed, and the simulated tracepoints of the actor
/// phase, each prefixed with the step number and the actor that ran.</summary>
public sealed record ScheduleOutcome(SimCounters Counters, int MovedWrites, bool DataOk, long Size, long ServerSize,
    IReadOnlyList<string> Trace, IReadOnlyList<string> Mismatches, IReadOnlyList<string> Events)
{
    /// <summary>One line per setup operation: its trace line, words and return value.</summary>
    public IReadOnlyList<string> Setup { get; init; } = [];

    /// <summary>File blocks of the first file that the server holds (written or unwritten) at the end.</summary>
    public int AllocatedBlocks { get; init; }
}

/// <summary>
/// Replays a <see cref="ScheduleScript"/> through KernelSim: the reference server (or the one the <c>server</c> line
/// names, <see cref="ServerCatalog"/>), the files, the setup operations one after the other, then the actors
/// interleaved by the scheduler from the explicit schedule on; then every file is fsynced, evicted and reread against
/// its expected contents (<see cref="ShadowFiles"/>), and the expectations are checked. Every bio of the actor phase
/// and after is audited: a write to a device block the server no longer keeps for that file range is a moved write.
/// </summary>
public static class ScheduleRunner
{
    /// <exception cref="Traces.TraceSyntaxException">The server line names a server that cannot be built.</exception>
    public static ScheduleOutcome Run(ScheduleScript script)
    {
        var s = script.Settings;
        var server = Server(script);
        var inspect = (IServerInspection)server;
        var kernel = new SimKernel(server, new SimOptions
        {
            Revalidate = s.Revalidate, UpcallMappingsCarryCookie = s.UpcallCookie, FlushBeforeTruncate = s.FlushBeforeTruncate,
        });
        var files = new SimFiles(kernel);
        var inodes = script.Files.ToDictionary(f => f, files.Create);
        var shadow = new ShadowFiles();
        // A file the server already has (an image's) starts from what a first read returns.
        foreach (var (name, ino) in inodes)
            shadow.Start(name, ino.Size == 0 ? [] : files.Run(new FileOp.Read(name, 0, (int)ino.Size)).Data);

        var setupLog = new List<string>();
        long lastRet = 0;
        foreach (var step in script.Setup)
        {
            lastRet = 0;
            switch (step.Work)
            {
                case ScheduleWork.File { Op: var op }:
                    var outcome = files.Run(op);
                    shadow.Apply(op, outcome);
                    lastRet = outcome.Ret;
                    break;
                case ScheduleWork.Inval inval:
                    var ino = inodes[inval.Path];
                    kernel.NotifyIomapInval(new FuseIomapInvalOut(ino.NodeId, ino.AttrIno, inval.Offset, inval.Length, 0, 0));
                    break;
            }
            setupLog.Add($"setup line {step.Line}: {step.Text} ret {lastRet}");
        }

        var sched = new Scheduler(0, script.Order);
        var watch = new Watch(inspect, sched);
        kernel.Tracepoints = watch;
        kernel.Counters.Reset();
        sched.Spawn("ioend", kernel.IoendWorker(), daemon: true);
        foreach (var actor in script.Actors)
            sched.Spawn(actor.Id, actor.Work switch
            {
                ScheduleWork.File { Op: var op } => files.Steps(op, outcome => shadow.Apply(op, outcome)),
                ScheduleWork.Remap remap => Once(() => ((ReferenceServer)server).Remap(inodes[remap.Path].NodeId, remap.Block, remap.Count)),
                var work => throw new ArgumentOutOfRangeException(nameof(script), work, "no actor for this work"),
            });
        sched.Run();
        watch.StopRecording();
        var counters = kernel.Counters.Snapshot();
        var first = inodes[script.Files[0]];
        long finalSize = first.Size, serverSize = inspect.SizeOf(first.NodeId);
        int allocated = inspect.AllocatedBlocks(first.NodeId).Count;

        bool dataOk = true;
        foreach (var name in inodes.Keys)
        {
            files.Run(new FileOp.Fsync(name));
            files.Run(new FileOp.Evict(name));
            dataOk &= files.Run(new FileOp.Read(name, 0, shadow[name].Count)).Data.SequenceEqual(shadow[name]);
        }

        var mismatches = new List<string>();
        foreach (var e in script.Expectations)
        {
            string got = e.Key switch
            {
                "stale_writeback" => N(counters.StaleWriteback),
                "stale_write_begin" => N(counters.StaleWriteBegin),
                "begin" => N(counters.Upcall(FuseOpcode.IomapBegin)),
                "moved_writes" => N(watch.MovedWrites),
                "data" => dataOk ? "ok" : "lost",
                "size" => N(finalSize),
                "server_size" => N(serverSize),
                "allocated_blocks" => N(allocated),
                _ => N(lastRet),
            };
            if (got != e.Value) mismatches.Add($"{script.File}:{e.Line}: expected {e.Key} {e.Value}, got {got}");
        }
        return new ScheduleOutcome(counters, watch.MovedWrites, dataOk, finalSize, serverSize, sched.Trace, mismatches, watch.Recorded)
        {
            Setup = setupLog, AllocatedBlocks = allocated,
        };
    }

    private static IFuseIomapServer Server(ScheduleScript script)
    {
        var s = script.Settings;
        if (script.Server is not { } spec)
            return new ReferenceServer(s.BlockSize, 16UL << 20) { UpsertIntoCache = s.ServerCache, ReplyNull = s.ServerReplyNull };
        try
        {
            return ServerCatalog.Create(spec.Kind, spec.Options);
        }
        catch (ServerSetupException e)
        {
            throw spec.Error(e.Message);
        }
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<Step> Once(Action a)
    {
        a();
        yield return Step.Ran;
    }

    /// <summary>The replay's view of the kernel's tracepoints: each event of the actor phase with the step and actor
    /// that fired it, and every bio checked against where the server keeps the file's blocks.</summary>
    private sealed class Watch(IServerInspection server, Scheduler sched) : IKernelTracepoints
    {
        private bool _recording = true;

        public List<string> Recorded { get; } = [];

        public int MovedWrites { get; private set; }

        /// <summary>The actor phase is over: events are no longer recorded (bios are still audited).</summary>
        public void StopRecording() => _recording = false;

        public void Event(KernelTraceEvent e)
        {
            if (_recording) Recorded.Add($"[{sched.Trace.Count,3} {(sched.Trace.Count > 0 ? sched.Trace[^1] : "-")}] {e}");
        }

        public void Bio(in BioWrite bio)
        {
            if (!server.Owns(bio.Inode.NodeId, bio.FilePos, bio.Addr, bio.Length)) MovedWrites++;
        }
    }
}
