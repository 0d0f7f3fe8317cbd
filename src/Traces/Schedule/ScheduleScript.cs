using IomapModel.KernelSim.Scheduling;
using IomapModel.KernelSim;
using IomapModel.Servers;
using IomapModel.IomapCache;
using System.Globalization;
using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Reference;

namespace IomapModel.Traces.Schedule;

/// <summary>A parse error: file, line, and what was expected.</summary>
public sealed class ScheduleScriptException(string message) : Exception(message);

/// <summary>
/// A replayable KernelSim scenario (<c>ksim-schedule v1</c>): geometry and switches, files, setup operations run one
/// after the other, actors, the explicit interleaving, and expectations. Used for the worked examples under
/// <c>traces/kernelsim/</c>. Lines:
/// <code>
/// ksim-schedule v1
/// fs blocksize=B revalidate=on|off upcall_cookie=on|off server_cache=on|off server_reply=null|map
///    flush_before_truncate=on|off
/// server KIND key=value...     (optional: a server the replayer builds, e.g. "server ext4 image=PATH quirks=seed")
/// file NAME
/// setup write NAME OFF LEN BYTE | setup fsync NAME | setup evict NAME | setup read NAME OFF LEN
/// setup inval NAME OFF LEN|eof | setup fallocate NAME OFF LEN alloc|keep_size|punch|zero
/// actor ID writeback NAME [START END] | actor ID write NAME OFF LEN BYTE | actor ID remap NAME BLOCK COUNT
/// actor ID evict NAME | actor ID truncate NAME SIZE
/// schedule ID ID ...            ("ioend" is the ioend worker; then seeded random choice to completion)
/// expect KEY VALUE              (stale_writeback, stale_write_begin, begin, moved_writes, data ok|lost,
///                               size, server_size and allocated_blocks of the first file after the actors ran,
///                               last_ret: the return value of the last setup operation)
/// </code>
/// Numbers are decimal or 0x-hex; '#' starts a comment.
/// </summary>
public sealed class ScheduleScript
{
    private readonly List<(int Line, string[] Words)> _setup = [];
    private readonly List<(int Line, string Id, string[] Words)> _actors = [];
    private readonly List<string> _schedule = [];
    private readonly List<(int Line, string Key, string Value)> _expect = [];
    private readonly List<string> _files = [];
    private readonly string _path;

    public uint BlockSize { get; private set; } = 4096;
    public bool Revalidate { get; private set; } = true;
    public bool UpcallCookie { get; private set; }
    public bool ServerCache { get; private set; } = true;
    public bool ServerReplyNull { get; private set; } = true;
    public bool FlushBeforeTruncate { get; private set; }
    public IReadOnlyList<string> Schedule => _schedule;
    public ScheduleServerSpec? Server { get; private set; }

    private ScheduleScript(string path) => _path = path;

    public static ScheduleScript Load(string path) => Parse(path, File.ReadAllLines(path));

    public static ScheduleScript Parse(string path, IReadOnlyList<string> lines)
    {
        var s = new ScheduleScript(path);
        bool header = false;
        for (int i = 0; i < lines.Count; i++)
        {
            string text = lines[i];
            int hash = text.IndexOf('#');
            if (hash >= 0) text = text[..hash];
            var w = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (w.Length == 0) continue;
            int line = i + 1;
            if (!header)
            {
                if (w is not ["ksim-schedule", "v1"]) throw s.Error(line, "first line 'ksim-schedule v1'");
                header = true;
                continue;
            }
            switch (w[0])
            {
                case "fs":
                    foreach (var kv in w[1..])
                    {
                        var p = kv.Split('=');
                        if (p.Length != 2) throw s.Error(line, "fs KEY=VALUE");
                        switch (p[0])
                        {
                            case "blocksize": s.BlockSize = (uint)s.Num(line, p[1]); break;
                            case "revalidate": s.Revalidate = s.OnOff(line, p[1]); break;
                            case "upcall_cookie": s.UpcallCookie = s.OnOff(line, p[1]); break;
                            case "server_cache": s.ServerCache = s.OnOff(line, p[1]); break;
                            case "flush_before_truncate": s.FlushBeforeTruncate = s.OnOff(line, p[1]); break;
                            case "server_reply":
                                s.ServerReplyNull = p[1] switch
                                {
                                    "null" => true, "map" => false, _ => throw s.Error(line, "server_reply=null|map"),
                                };
                                break;
                            default: throw s.Error(line, "blocksize, revalidate, upcall_cookie, server_cache, server_reply or flush_before_truncate");
                        }
                    }
                    break;
                case "server" when w.Length >= 2:
                    var options = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var kv in w[2..])
                    {
                        var p = kv.Split('=', 2);
                        if (p.Length != 2) throw s.Error(line, "server KIND KEY=VALUE...");
                        options[p[0]] = p[0] == "image" ? Path.GetFullPath(p[1], Path.GetDirectoryName(Path.GetFullPath(path))!) : p[1];
                    }
                    s.Server = new ScheduleServerSpec(w[1], options, $"{path}:{line}");
                    break;
                case "file" when w.Length == 2: s._files.Add(w[1]); break;
                case "setup" when w.Length >= 3: s._setup.Add((line, w[1..])); break;
                case "actor" when w.Length >= 4: s._actors.Add((line, w[1], w[2..])); break;
                case "schedule": s._schedule.AddRange(w[1..]); break;
                case "expect" when w.Length == 3: s._expect.Add((line, w[1], w[2])); break;
                default: throw s.Error(line, "fs, server KIND..., file NAME, setup OP..., actor ID OP..., schedule ID..., or expect KEY VALUE");
            }
        }
        if (!header) throw s.Error(1, "first line 'ksim-schedule v1'");
        foreach (var id in s._schedule)
            if (id != "ioend" && s._actors.All(a => a.Id != id))
                throw s.Error(lines.Count, $"schedule to name declared actors, not '{id}'");
        return s;
    }

    private ScheduleScriptException Error(int line, string expected) => new($"{_path}:{line}: expected {expected}");

    private long Num(int line, string t)
    {
        bool ok = t.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(t[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long v)
            : long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out v);
        return ok ? v : throw Error(line, $"a number, not '{t}'");
    }

    private bool OnOff(int line, string t) => t switch { "on" => true, "off" => false, _ => throw Error(line, "on or off") };

    /// <summary>The outcome of a replay: the counters of the actor phase, the bios that hit moved blocks, whether the
    /// data survived fsync, eviction and reread, the expectations that failed, and the simulated tracepoints of the
    /// actor phase, each prefixed with the step number and the actor that ran.</summary>
    public sealed record Result(SimCounters Counters, int MovedWrites, bool DataOk, long Size, long ServerSize,
        IReadOnlyList<string> Trace, IReadOnlyList<string> Mismatches, IReadOnlyList<string> Events)
    {
        /// <summary>One line per setup operation: its trace line, words and return value.</summary>
        public IReadOnlyList<string> Setup { get; init; } = [];

        /// <summary>File blocks of the first file that the server holds (written or unwritten) at the end.</summary>
        public int AllocatedBlocks { get; init; }
    }

    /// <summary>Replays the schedule. A schedule with a <c>server</c> line needs <paramref name="makeServer"/>; the
    /// server it returns must also implement <see cref="IServerInspection"/> (the outcome is read from it).</summary>
    public Result Run(Func<ScheduleServerSpec, IFuseIomapServer>? makeServer = null)
    {
        IFuseIomapServer server = Server is null
            ? new ReferenceServer(BlockSize, 16UL << 20) { UpsertIntoCache = ServerCache, ReplyNull = ServerReplyNull }
            : makeServer is null
                ? throw new ScheduleScriptException($"{Server.Source}: this schedule needs a '{Server.Kind}' server; replay it with iomapmodel replay")
                : makeServer(Server);
        var inspect = server as IServerInspection
            ?? throw new ScheduleScriptException($"{Server?.Source}: the '{Server?.Kind}' server cannot be inspected");
        var kernel = new SimKernel(server, new SimOptions
        {
            Revalidate = Revalidate, UpcallMappingsCarryCookie = UpcallCookie, FlushBeforeTruncate = FlushBeforeTruncate,
        });
        var inodes = _files.ToDictionary(f => f, kernel.CreateFile);
        // A file the server already has (an image's) starts from what a first read returns.
        var shadow = _files.ToDictionary(f => f, f => new ShadowBytes(inodes[f].Size == 0 ? null
            : kernel.Run(r => kernel.BufferedRead(inodes[f], 0, (int)inodes[f].Size, r)).Data));
        SimInode Ino(int line, string name) => inodes.TryGetValue(name, out var i) ? i : throw Error(line, $"a declared file, not '{name}'");
        byte[] Fill(int line, string len, string b) => Enumerable.Repeat((byte)Num(line, b), (int)Num(line, len)).ToArray();
        var setupLog = new List<string>();
        long lastRet = 0;
        foreach (var (line, w) in _setup)
        {
            var ino = Ino(line, w.Length > 1 ? w[1] : "");
            OpResult? r = null;
            switch (w)
            {
                case ["write", var f, var off, var len, var b]:
                    var d = Fill(line, len, b);
                    r = kernel.Run(x => kernel.BufferedWrite(ino, Num(line, off), d, x));
                    if (r.Ret > 0) shadow[f].Write(Num(line, off), d.AsSpan(0, (int)Math.Min(r.Ret, d.Length)));
                    break;
                case ["fsync", _]: r = kernel.Run(x => kernel.Fsync(ino, x)); break;
                case ["evict", _]: kernel.Run(kernel.EvictClean(ino)); break;
                case ["read", _, var off, var len]: r = kernel.Run(x => kernel.BufferedRead(ino, Num(line, off), (int)Num(line, len), x)); break;
                case ["inval", _, var off, var len]:
                    kernel.NotifyIomapInval(new FuseIomapInvalOut(ino.NodeId, ino.AttrIno, (ulong)Num(line, off),
                        len == "eof" ? FuseIomapConstants.InvalToEof : (ulong)Num(line, len), 0, 0));
                    break;
                case ["fallocate", var f, var off, var len, var how]:
                    var mode = how switch
                    {
                        "alloc" => FallocMode.Allocate, "keep_size" => FallocMode.KeepSize,
                        "punch" => FallocMode.PunchHole | FallocMode.KeepSize, "zero" => FallocMode.ZeroRange,
                        _ => throw Error(line, "fallocate mode alloc|keep_size|punch|zero"),
                    };
                    long o = Num(line, off), n = Num(line, len);
                    r = kernel.Run(x => kernel.Fallocate(ino, mode, o, n, x));
                    if (r.Ret == 0)
                    {
                        if ((mode & (FallocMode.PunchHole | FallocMode.ZeroRange)) != 0) shadow[f].Zero(o, n);
                        if ((mode & FallocMode.KeepSize) == 0) shadow[f].Extend(o + n);
                    }
                    break;
                default: throw Error(line, "setup write|fsync|evict|read|inval|fallocate with its arguments");
            }
            lastRet = r?.Ret ?? 0;
            setupLog.Add($"setup line {line}: {string.Join(' ', w)} ret {lastRet}");
        }

        int moved = 0;
        kernel.OnBioWrite = bio => { if (!inspect.Owns(bio.Inode.NodeId, bio.FilePos, bio.Addr, bio.Length)) moved++; };
        kernel.Counters.Reset();
        var events = new List<string>();
        var sched = new Scheduler(0, _schedule);
        kernel.OnTrace = e => events.Add($"[{sched.Trace.Count,3} {(sched.Trace.Count > 0 ? sched.Trace[^1] : "-")}] {e}");
        sched.Spawn("ioend", kernel.IoendWorker(), daemon: true);
        foreach (var (line, id, w) in _actors)
        {
            var ino = Ino(line, w.Length > 1 ? w[1] : "");
            IEnumerable<Step> body = w switch
            {
                ["writeback", _] => kernel.Writeback(ino),
                ["writeback", _, var s0, var e0] => kernel.Writeback(ino, Num(line, s0), Num(line, e0)),
                ["write", var f, var off, var len, var b] => WriteAndShadow(f, Num(line, off), Fill(line, len, b)),
                ["remap", _, var blk, var n] => server is ReferenceServer reference
                    ? Once(() => reference.Remap(ino.NodeId, Num(line, blk), Num(line, n)))
                    : throw Error(line, "remap only with the reference server (no server line)"),
                ["evict", _] => kernel.EvictClean(ino),
                ["truncate", var f, var size] => TruncateAndShadow(f, Num(line, size)),
                _ => throw Error(line, "actor ID writeback|write|remap|evict|truncate with its arguments"),
            };
            sched.Spawn(id, body);

            IEnumerable<Step> WriteAndShadow(string f, long off, byte[] d)
            {
                foreach (var s in kernel.BufferedWrite(ino, off, d, new OpResult())) yield return s;
                shadow[f].Write(off, d);
            }

            IEnumerable<Step> TruncateAndShadow(string f, long size)
            {
                foreach (var s in kernel.Truncate(ino, size, new OpResult())) yield return s;
                shadow[f].Resize(size);
            }
        }
        sched.Run();
        kernel.OnTrace = null;
        var snapshot = kernel.Counters.Snapshot();
        var first = inodes[_files[0]];
        long finalSize = first.Size, serverSize = inspect.SizeOf(first.NodeId);
        int allocated = inspect.AllocatedBlocks(first.NodeId).Count;

        bool dataOk = true;
        foreach (var (name, ino) in inodes)
        {
            kernel.Run(r => kernel.Fsync(ino, r));
            kernel.Run(kernel.EvictClean(ino));
            var rr = kernel.Run(r => kernel.BufferedRead(ino, 0, shadow[name].Count, r));
            dataOk &= rr.Data.SequenceEqual(shadow[name]);
        }

        var mismatches = new List<string>();
        foreach (var (line, key, value) in _expect)
        {
            string got = key switch
            {
                "stale_writeback" => snapshot.StaleWriteback.ToString(CultureInfo.InvariantCulture),
                "stale_write_begin" => snapshot.StaleWriteBegin.ToString(CultureInfo.InvariantCulture),
                "begin" => snapshot.Upcall(FuseOpcode.IomapBegin).ToString(CultureInfo.InvariantCulture),
                "moved_writes" => moved.ToString(CultureInfo.InvariantCulture),
                "data" => dataOk ? "ok" : "lost",
                "size" => finalSize.ToString(CultureInfo.InvariantCulture),
                "server_size" => serverSize.ToString(CultureInfo.InvariantCulture),
                "allocated_blocks" => allocated.ToString(CultureInfo.InvariantCulture),
                "last_ret" => lastRet.ToString(CultureInfo.InvariantCulture),
                _ => throw Error(line, "expect stale_writeback|stale_write_begin|begin|moved_writes|data|size|server_size|allocated_blocks|last_ret"),
            };
            if (got != value) mismatches.Add($"{_path}:{line}: expected {key} {value}, got {got}");
        }
        return new Result(snapshot, moved, dataOk, finalSize, serverSize, sched.Trace, mismatches, events) { Setup = setupLog, AllocatedBlocks = allocated };
    }

    private static IEnumerable<Step> Once(Action a)
    {
        a();
        yield return Step.Ran;
    }
}
