using IomapModel.Traces.Import;
using IomapModel.Workloads;

namespace IomapModel.Traces.Tracefs;

/// <summary>
/// Reconstructs the file operations of a workload from a stock kernel's tracefs text (the <c>trace</c> file,
/// <c>trace_pipe</c>, or <c>trace-cmd report</c>; docs/workloads.md). The kernel has no fuse_iomap events, so the
/// operations come from the workload's system calls, with its ext4, iomap, filemap and writeback events filtered to
/// one device (the header's <c># device:</c>, <c>--device</c>, or the only one there is) and inode:
/// <list type="bullet">
/// <item>an inode event inside a system call's entry..exit window on the same thread binds the call's descriptor to
/// that inode (metadata inodes — below 11, or the block device's own — never bind); a uprobe line naming the path
/// of an open, matched with the header's <c># file:</c> lines, binds it at once; a descriptor never bound belongs to
/// another file and its calls are dropped, counted;</item>
/// <item>offsets come from the call's arguments, else from the descriptor's position (open, lseek, read and write
/// returns; O_APPEND: the size), cross-checked against the events' own offsets (the event wins, counted);</item>
/// <item>events outside any traced call (a flusher's writeback, mmap faults and stores, or a capture without
/// syscall events) are operations of their own, with the gaps they leave filled as the report says (a truncate
/// seen only as <c>ext4_truncate_enter</c> takes its size from the next event that prints the inode size, else the
/// header's final size).</item>
/// </list>
/// A malformed line is a <see cref="TraceSyntaxException"/> naming it; a capture with no usable operation for any
/// file of the device is an <see cref="WorkloadImportException"/> naming what was expected and what was found.
/// </summary>
public static class KernelCaptureImporter
{
    /// <summary>The longest single read or write replayed as one operation; longer ones are split.</summary>
    public const long MaxIo = 64 << 20;

    /// <summary>16 TiB, ext4's largest file with 4 KiB blocks: offsets beyond it are not a real capture's.</summary>
    public const long MaxOffset = 1L << 44;

    public static ImportedWorkload ParseFile(string path, DeviceNumber? device = null)
    {
        using var reader = new StreamReader(path);
        return Parse(path, reader, device);
    }

    public static ImportedWorkload Parse(string file, TextReader reader, DeviceNumber? device = null) =>
        new Reconstruction(file, reader, device).Run();

    /// <summary>A step not yet placed on a file: its descriptor may be bound to an inode only later.</summary>
    /// <param name="Sizes">Whether the operation can change the file's size (a truncate's missing size may come from
    /// the header's final size only when nothing after it can).</param>
    private sealed record Draft(int Order, int Line, string Kind, ulong? Ino, OpenFile? Fd, Func<FileState, IEnumerable<FileOp>> Make, bool Sizes = true)
    {
        public ulong? Target => Ino ?? Fd?.Ino;
    }

    /// <summary>A file during resolution: its path, its report and its size as the operations so far leave it (null
    /// once lost).</summary>
    private sealed class FileState(ulong ino, string path, FileReport report)
    {
        public ulong Ino { get; } = ino;
        public string Path { get; } = path;
        public FileReport Report { get; } = report;
        public long? Size { get; set; } = 0;
    }

    private sealed record Pending(KernelEvent Enter, Dictionary<string, ulong> Args)
    {
        public List<(EventFields Fields, ulong Ino)> Window { get; } = [];
    }

    private sealed record Region(ulong Address, ulong Length, OpenFile File, long Offset, int Line)
    {
        /// <summary>Whether a load or store of the file was seen while it was mapped.</summary>
        public bool Touched { get; set; }
    }

    private sealed record SizeWitness(int Order, ulong Ino, long Size, string Source);

    private sealed class Reconstruction(string file, TextReader reader, DeviceNumber? requested)
    {
        private readonly List<Draft> _drafts = [];
        private readonly List<SizeWitness> _witnesses = [];
        private readonly Dictionary<int, Pending> _pending = [];
        private readonly Dictionary<int, Dictionary<long, OpenFile>> _fds = [];
        private readonly Dictionary<int, List<Region>> _regions = [];
        private readonly Dictionary<int, string> _openPath = [];
        private readonly Dictionary<(int Pid, ulong Ino), (long Next, long Remaining)> _writeBegins = [];
        private readonly HashSet<ulong> _orderedTruncate = [], _evicted = [];
        private readonly Dictionary<(ulong Connection, ulong Request), (long Ns, string Opcode)> _sent = [];
        private readonly FuseRequestStats _fuse = new();
        private readonly ImportReport _report = new();
        private CaptureHeader _header = CaptureHeader.Empty;
        private DeviceNumber? _chosen;

        /// <summary>The device the workload used (0:0 when no event names one: then nothing binds).</summary>
        private DeviceNumber _device => _chosen ?? default;
        private int _bindConflicts;

        public ImportedWorkload Run()
        {
            var lines = TraceReader.Lines(reader).ToList();
            _header = CaptureHeader.Read(lines);
            _report.Notes.AddRange(_header.Problems);
            var events = Events(lines, out bool traceCmd);
            _chosen = ChooseDevice(events);
            foreach (var e in events) Feed(e);
            foreach (var r in _regions.Values.SelectMany(r => r)) Untouched(r);
            foreach (var p in _pending.Values) ImportReport.Count(_report.Dropped, $"sys_{p.Enter.Name} entered but not left before the capture ended");
            _fuse.Unanswered += _sent.Count;
            if (_bindConflicts > 0) _report.Notes.Add($"{_bindConflicts} system call(s) on a bound descriptor had events of another inode in their window (the first binding kept)");
            var steps = Resolve();
            if (steps.Count == 0) throw new WorkloadImportException(file, NothingUsable(events));
            var format = traceCmd ? "trace-cmd report" : "tracefs capture";
            var description = $"{format}{(_header.Kernel is { } k ? $", kernel {k}" : "")}{(_header.Mount is { } m ? $", {m.Split(" (")[0]}" : "")}, device {_device}";
            return new ImportedWorkload(file, TraceFormat.KernelCapture, description, _header, _header.Mkfs, steps, _report,
                _fuse.Total > 0 || _fuse.Unanswered > 0 ? _fuse : null);
        }

        private string NothingUsable(List<KernelEvent> events)
        {
            var found = string.Join(", ", _report.Events.OrderByDescending(kv => kv.Value).Take(8).Select(kv => $"{kv.Key} {kv.Value}"));
            return $"no ext4, iomap, filemap, writeback or system call events for any inode of {(_chosen is { } d ? $"device {d}" : "any device (give --device MAJ:MIN)")} " +
                $"(found {events.Count} event line{(events.Count == 1 ? "" : "s")}{(found.Length > 0 ? ": " + found : "")}" +
                $"{(_fuse.Total > 0 ? $"; {_fuse.Total} FUSE requests, which name no file" : "")})";
        }

        /// <summary>Every event line, after the header; <c>#</c> lines, blank lines and trace-cmd's <c>cpus=N</c> are
        /// skipped, lost-events lines noted.</summary>
        private List<KernelEvent> Events(List<(int Number, string Text)> lines, out bool traceCmd)
        {
            var events = new List<KernelEvent>();
            traceCmd = false;
            foreach (var (number, text) in lines)
            {
                if (number <= _header.LastLine) continue;
                var t = text.Trim();
                if (t.Length == 0 || t.StartsWith('#')) continue;
                if (t.StartsWith("cpus=", StringComparison.Ordinal)) { traceCmd = true; continue; }
                if (KernelTraceText.LostEvents(text) is long lost)
                {
                    _report.Notes.Add($"line {number}: the ring buffer lost {lost} events here; operations around it may be missing");
                    continue;
                }
                var e = KernelTraceText.Split(number, text) ?? throw new TraceSyntaxException(file, number,
                    "expected a tracefs event line 'TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS' (trace, trace_pipe) or 'BUFFER: TASK-PID [CPU] TIMESTAMP: EVENT: FIELDS' (trace-cmd report)");
                events.Add(e);
            }
            return events;
        }

        private static bool IsInodeEvent(string name) =>
            name.StartsWith("ext4_", StringComparison.Ordinal) || name.StartsWith("iomap_", StringComparison.Ordinal)
            || name.StartsWith("mm_filemap_", StringComparison.Ordinal) || name.StartsWith("writeback_", StringComparison.Ordinal);

        /// <summary>The device: asked for, else the header's, else the only one with inode events (or the only fuse
        /// connection).</summary>
        private DeviceNumber? ChooseDevice(List<KernelEvent> events)
        {
            if (requested is { } r) { _report.Notes.Add($"device {r} as asked"); return r; }
            if (_header.Device is { } h) return h;
            var seen = new SortedDictionary<string, (DeviceNumber Device, int Count)>(StringComparer.Ordinal);
            foreach (var e in events.Where(e => e.Kind == KernelEventKind.Event && IsInodeEvent(e.Name)))
            {
                var f = new EventFields(file, e);
                if (f.Word("ino") is null) continue;
                var d = f.Device();
                seen[d.ToString()] = (d, seen.GetValueOrDefault(d.ToString()).Count + 1);
            }
            if (seen.Count == 1)
            {
                var only = seen.Values.Single();
                _report.Notes.Add($"device {only.Device} chosen: the only device with ext4, iomap, filemap or writeback events (no '# device:' header)");
                return only.Device;
            }
            if (seen.Count > 1)
                throw new WorkloadImportException(file, $"events of {seen.Count} devices ({string.Join(", ", seen.Values.Select(v => $"{v.Device}: {v.Count}"))}) and no '# device:' header: give --device MAJ:MIN");
            var connections = events.Where(e => e.Kind == KernelEventKind.Event && e.Name == "fuse_request_send")
                .Select(e => new EventFields(file, e).Decimal("connection")).Distinct().ToList();
            if (connections.Count == 1 && connections[0] < 1UL << 32)
            {
                var d = new DeviceNumber((uint)(connections[0] >> 20), (uint)(connections[0] & 0xfffff));
                _report.Notes.Add($"device {d} chosen: the only fuse connection (no '# device:' header)");
                return d;
            }
            _report.Notes.Add("no event names a device and there is no '# device:' header (give --device MAJ:MIN)");
            return null;
        }

        private void Feed(KernelEvent e)
        {
            switch (e.Kind)
            {
                case KernelEventKind.SyscallEnter:
                    ImportReport.Count(_report.Events, $"sys_enter_{e.Name}");
                    if (_pending.ContainsKey(e.Pid)) ImportReport.Count(_report.Dropped, "a system call entered while another was pending on the same thread (the first forgotten)");
                    _pending[e.Pid] = new Pending(e, EventFields.SyscallArgs(file, e));
                    return;
                case KernelEventKind.SyscallExit:
                    ImportReport.Count(_report.Events, $"sys_exit_{e.Name}");
                    long ret = EventFields.SyscallReturn(file, e);
                    if (_pending.Remove(e.Pid, out var p) && p.Enter.Name == e.Name) Syscall(p, ret);
                    else ImportReport.Count(_report.Dropped, $"sys_{e.Name} left without its entry in the capture");
                    return;
            }
            ImportReport.Count(_report.Events, e.Name);
            if (e.Name is "open64" or "openat" && e.Body.Contains("path=\"", StringComparison.Ordinal))
            {
                int start = e.Body.IndexOf("path=\"", StringComparison.Ordinal) + 6, end = e.Body.LastIndexOf('"');
                if (end > start) _openPath[e.Pid] = e.Body[start..end];
                return;
            }
            if (e.Name is "fuse_request_send" or "fuse_request_end") { Fuse(e); return; }
            if (e.Name == "sched_process_fork") { Fork(new EventFields(file, e)); return; }
            if (!IsInodeEvent(e.Name)) return;
            var f = new EventFields(file, e);
            if (f.Word("ino") is null) return;   // bdi-wide writeback events
            if (f.Device() != _device)
            {
                ImportReport.Count(_report.Dropped, "events of other devices");
                return;
            }
            ulong ino = f.Ino();
            if (ino < 11 || ino == _device.KernelDevT)
            {
                ImportReport.Count(_report.Dropped, "events of metadata inodes (the mballoc cache, the block device, directories)");
                return;
            }
            Witness(f, ino);
            if (_pending.TryGetValue(e.Pid, out var pending)) pending.Window.Add((f, ino));
            else Unattached(f, ino);
        }

        private void Witness(EventFields f, ulong ino)
        {
            var (key, hex) = f.Event.Name switch
            {
                "iomap_dio_rw_begin" or "iomap_dio_complete" => ("size", true),
                "ext4_unlink_enter" => ("size", false),
                _ => ((string?)null, false),
            };
            if (key is null) return;
            var size = hex ? f.Hex(key) : f.Decimal(key);
            if (size <= MaxOffset) _witnesses.Add(new(_drafts.Count, ino, (long)size, $"{f.Event.Name} {key} at line {f.Event.Line}"));
        }

        private void Fork(EventFields f)
        {
            var parent = (int)Math.Min(f.Decimal("pid"), int.MaxValue);
            var child = (int)Math.Min(f.Decimal("child_pid"), int.MaxValue);
            if (_fds.TryGetValue(parent, out var table)) _fds[child] = new Dictionary<long, OpenFile>(table);
        }

        private void Fuse(KernelEvent e)
        {
            var f = new EventFields(file, e);
            var connection = f.Decimal("connection");
            if (connection != _device.KernelDevT) return;
            var request = f.Decimal("req");
            if (e.Name == "fuse_request_send")
            {
                int open = e.Body.IndexOf('('), close = e.Body.IndexOf(')');
                var opcode = open >= 0 && close > open ? e.Body[(open + 1)..close] : $"opcode {f.Decimal("opcode")}";
                _sent[(connection, request)] = (e.TimestampNs, opcode);
            }
            else if (_sent.Remove((connection, request), out var sent))
                _fuse.Add(sent.Opcode, Math.Max(0, e.TimestampNs - sent.Ns) / 1000.0);
        }

        private Dictionary<long, OpenFile> Table(int process) =>
            _fds.TryGetValue(process, out var t) ? t : _fds[process] = [];

        /// <summary>The descriptor's open file; one opened before the capture gets an entry of its own on first use.</summary>
        private OpenFile Fd(Pending p, string arg)
        {
            long fd = unchecked((int)Arg(p, arg));
            var table = Table(p.Enter.Process);
            return table.TryGetValue(fd, out var of) ? of : table[fd] = new OpenFile(OpenFile.OAccMode, null, seenOpen: false);
        }

        private ulong Arg(Pending p, string name) =>
            p.Args.TryGetValue(name, out var v) ? v : throw new TraceSyntaxException(file, p.Enter.Line, $"sys_{p.Enter.Name}: expected the argument '{name}'");

        /// <summary>An offset or length argument, signed, below <see cref="MaxOffset"/>.</summary>
        private long Offset(Pending p, string name, bool length = false)
        {
            long v = unchecked((long)Arg(p, name));
            return v >= 0 && v <= MaxOffset && (!length || v > 0) ? v
                : throw new TraceSyntaxException(file, p.Enter.Line, $"sys_{p.Enter.Name}: expected '{name}' {(length ? "from 1" : "from 0")} to 2^44 (16 TiB), got 0x{Arg(p, name):x}");
        }

        private long EventOffset(EventFields f, string key, bool hex)
        {
            var v = hex ? f.Hex(key) : f.Decimal(key);
            return v <= MaxOffset ? (long)v : throw f.Error($"expected '{key}' below 2^44 (16 TiB), got {v}");
        }

        /// <summary>Binds <paramref name="of"/> to the first inode the window names, unless bound already.</summary>
        private void Bind(OpenFile of, Pending p, Func<EventFields, bool>? which = null)
        {
            var candidate = p.Window.Where(w => which is null || which(w.Fields)).Select(w => (ulong?)w.Ino).FirstOrDefault();
            if (candidate is null) return;
            if (of.Ino is null) of.Ino = candidate;
            else if (of.Ino != candidate) _bindConflicts++;
        }

        private void Add(int line, string kind, ulong? ino, OpenFile? fd, Func<FileState, IEnumerable<FileOp>> make, bool sizes = true) =>
            _drafts.Add(new Draft(_drafts.Count, line, kind, ino, fd, make, sizes));

        private void Lost(int line, string kind, ulong? ino, OpenFile? fd, string why) =>
            Add(line, kind, ino, fd, s => { s.Report.Lost(why); return []; }, sizes: false);

        private static readonly HashSet<string> Opens = ["openat", "open", "creat", "openat2"];
        private static readonly HashSet<string> ReadCalls = ["read", "pread64", "readv", "preadv", "preadv2"];
        private static readonly HashSet<string> WriteCalls = ["write", "pwrite64", "writev", "pwritev", "pwritev2"];

        private void Syscall(Pending p, long ret)
        {
            var name = p.Enter.Name;
            int line = p.Enter.Line;
            if (Opens.Contains(name)) { Open(p, ret); return; }
            if (ReadCalls.Contains(name) || WriteCalls.Contains(name)) { ReadWrite(p, ret, WriteCalls.Contains(name)); return; }
            switch (name)
            {
                case "close":
                {
                    long fd = unchecked((int)Arg(p, "fd"));
                    // The open file goes with its last descriptor (dup, dup2 and fork share it).
                    if (Table(p.Enter.Process).Remove(fd, out var of) && of.SeenOpen && ret == 0 && !_fds.Values.Any(t => t.ContainsValue(of)))
                        Add(line, "close", null, of, s => [new FileOp.Close(s.Path)], sizes: false);
                    return;
                }
                case "dup" or "dup2" or "dup3":
                {
                    var table = Table(p.Enter.Process);
                    long old = unchecked((int)Arg(p, name == "dup" ? "fildes" : "oldfd"));
                    if (ret >= 0 && table.TryGetValue(old, out var of)) table[ret] = of;
                    return;
                }
                case "lseek":
                {
                    var of = Fd(p, "fd");
                    if (ret >= 0 && ret <= MaxOffset) of.Position = ret;
                    return;
                }
                case "ftruncate":
                {
                    var of = Fd(p, "fd");
                    Bind(of, p);
                    long size = Offset(p, "length");
                    if (ret < 0) Lost(line, "ftruncate", null, of, $"ftruncate failed in the capture ({FuseErrno.Show(ret)})");
                    else Add(line, "ftruncate", null, of, s => { s.Size = size; return [new FileOp.Truncate(s.Path, size)]; });
                    return;
                }
                case "truncate":
                {
                    var ino = p.Window.Select(w => (ulong?)w.Ino).FirstOrDefault();
                    long size = Offset(p, "length");
                    if (ino is null) ImportReport.Count(_report.Dropped, "truncate(path) with no inode event of the device in its window");
                    else if (ret < 0) Lost(line, "truncate", ino, null, $"truncate failed in the capture ({FuseErrno.Show(ret)})");
                    else Add(line, "truncate", ino, null, s => { s.Size = size; return [new FileOp.Truncate(s.Path, size)]; });
                    return;
                }
                case "fallocate":
                {
                    var of = Fd(p, "fd");
                    Bind(of, p);
                    var mode = (FallocMode)(int)Math.Min(Arg(p, "mode"), int.MaxValue);
                    long offset = Offset(p, "offset"), length = Offset(p, "len", length: true);
                    var kind = $"fallocate {ModeName(mode)}";
                    if (ret < 0) Lost(line, kind, null, of, $"fallocate {ModeName(mode)} refused in the capture ({FuseErrno.Show(ret)})");
                    else Add(line, kind, null, of, s => Fallocated(s, mode, offset, length), sizes: !KeepsSize(mode));
                    return;
                }
                case "fsync" or "fdatasync":
                {
                    var of = Fd(p, "fd");
                    Bind(of, p);
                    Add(line, name, null, of, s => [new FileOp.Fsync(s.Path, DataOnly: name == "fdatasync")], sizes: false);
                    return;
                }
                case "sync" or "syncfs":
                    _drafts.Add(new Draft(_drafts.Count, line, name, null, null, s => [new FileOp.Syncfs("/")]));
                    return;
                case "sync_file_range":
                {
                    var of = Fd(p, "fd");
                    Bind(of, p);
                    long offset = Offset(p, "offset"), n = Offset(p, "nbytes");
                    if ((Arg(p, "flags") & 2) != 0) Add(line, "sync_file_range", null, of, s => [new FileOp.Writeback(s.Path, offset, n == 0 ? long.MaxValue : offset + n)], sizes: false);
                    return;
                }
                case "fadvise64":
                {
                    var of = Fd(p, "fd");
                    Bind(of, p);
                    var advice = Arg(p, "advice");
                    if (advice == 4) Add(line, "fadvise64 DONTNEED", null, of, s =>
                    {
                        if (Arg(p, "offset") != 0 || Arg(p, "len") != 0) s.Report.Fill("fadvise DONTNEED of a range replayed as dropping all the file's clean pages");
                        return [new FileOp.Evict(s.Path)];
                    }, sizes: false);
                    else Lost(line, $"fadvise64 advice {advice}", null, of, $"fadvise64 advice {advice} (only DONTNEED is modelled)");
                    return;
                }
                case "copy_file_range": CopyFileRange(p, ret); return;
                case "mmap":
                {
                    long fd = unchecked((int)Arg(p, "fd"));
                    if (fd >= 0 && ret > 0 && (ulong)ret < 0xfffffffffffff000 && Table(p.Enter.Process).TryGetValue(fd, out var of))
                    {
                        Bind(of, p);
                        if (!_regions.TryGetValue(p.Enter.Process, out var regions)) _regions[p.Enter.Process] = regions = [];
                        regions.Add(new Region((ulong)ret, Arg(p, "len"), of, (long)Math.Min(Arg(p, "off"), (ulong)MaxOffset), p.Enter.Line));
                    }
                    return;
                }
                case "munmap":
                    if (_regions.TryGetValue(p.Enter.Process, out var mapped))
                        foreach (var r in mapped.Where(r => r.Address == Arg(p, "addr")).ToList())
                        {
                            mapped.Remove(r);
                            Untouched(r);
                        }
                    return;
                case "msync": Msync(p); return;
                case "unlink" or "unlinkat":
                {
                    var ino = p.Window.Where(w => w.Fields.Event.Name == "ext4_unlink_enter").Select(w => (ulong?)w.Ino).FirstOrDefault();
                    if (ino is null) ImportReport.Count(_report.Dropped, $"{name} with no ext4_unlink_enter of the device in its window");
                    else if (ret == 0) Add(line, name, ino, null, s => [new FileOp.Unlink(s.Path)]);
                    return;
                }
                case "ioctl":
                {
                    var cmd = Arg(p, "cmd");
                    var what = cmd switch { 0x40049409 => "FICLONE", 0x4020940d => "FICLONERANGE", 0xc0189436 => "FIDEDUPERANGE", _ => null };
                    if (what is null) return;
                    var of = Fd(p, "fd");
                    Bind(of, p);
                    Lost(line, $"ioctl {what}", null, of, $"ioctl {what}: its ranges are in user memory, which no event prints{(ret < 0 ? $" (and it failed: {FuseErrno.Show(ret)})" : "")}");
                    return;
                }
            }
        }

        private void Open(Pending p, long ret)
        {
            _openPath.Remove(p.Enter.Pid, out var path);
            if (ret < 0) return;
            int flags = p.Enter.Name == "creat" ? OpenFile.OCreat | OpenFile.OTrunc | 1 : p.Args.TryGetValue("flags", out var fl) ? (int)(fl & 0x7fffffff) : 0;
            if (p.Enter.Name == "openat2") ImportReport.Count(_report.Dropped, "openat2 flags (in user memory): the open is replayed without flags");
            var of = new OpenFile(flags, path, seenOpen: true);
            Table(p.Enter.Process)[ret] = of;
            Bind(of, p, f => f.Event.Name == "ext4_mark_inode_dirty" && f.Word("caller")?.StartsWith("__ext4_new_inode", StringComparison.Ordinal) == true);
            Bind(of, p);
            if (of.Ino is null && path is not null && HeaderIno(path) is ulong ino) of.Ino = ino;
            var open = (OpenFlags)0;
            if ((flags & OpenFile.OAccMode) != 0) open |= OpenFlags.ReadWrite;
            if ((flags & OpenFile.OCreat) != 0) open |= OpenFlags.Create;
            if ((flags & OpenFile.OTrunc) != 0) open |= OpenFlags.Truncate;
            if ((flags & OpenFile.ODirect) != 0) open |= OpenFlags.Direct;
            if ((flags & OpenFile.OSync) == OpenFile.OSync) open |= OpenFlags.Sync;
            else if ((flags & OpenFile.ODsync) != 0) open |= OpenFlags.DataSync;
            Add(p.Enter.Line, p.Enter.Name, null, of, s =>
            {
                if (open.HasFlag(OpenFlags.Truncate) && open.HasFlag(OpenFlags.ReadWrite)) s.Size = 0;
                return [new FileOp.Open(s.Path, open)];
            });
        }

        /// <summary>The inode the header's <c># file:</c> lines give a path (as the workload named it, relative to the
        /// mount point or ending in a path the header names).</summary>
        private ulong? HeaderIno(string path) =>
            _header.Files.FirstOrDefault(f => f.Path == path || path.EndsWith("/" + f.Path, StringComparison.Ordinal))?.Ino;

        private void ReadWrite(Pending p, long ret, bool write)
        {
            var name = p.Enter.Name;
            int line = p.Enter.Line;
            var of = Fd(p, "fd");
            Bind(of, p);
            bool direct = of.Direct || p.Window.Any(w => w.Fields.Event.Name == "iomap_dio_rw_begin");
            bool dontcache = name.EndsWith("v2", StringComparison.Ordinal) && (Arg(p, "flags") & 0x80) != 0;
            var kind = name + (direct ? " O_DIRECT" : "") + (dontcache ? " RWF_DONTCACHE" : "");
            if (ret < 0) { Lost(line, kind, null, of, $"{name} failed in the capture ({FuseErrno.Show(ret)})"); return; }
            long? explicitPos = name switch
            {
                "pread64" or "pwrite64" => Offset(p, "pos"),
                "preadv" or "pwritev" or "preadv2" or "pwritev2" => Positional(p),
                _ => null,
            };
            long moved = Math.Min(ret, MaxOffset);
            long count = p.Args.TryGetValue("count", out var c) && c <= MaxIo ? (long)c : moved;
            long length = write ? moved : Math.Max(moved, count);
            // The offset the kernel's own events print, which wins over a tracked position.
            var evidence = p.Window.FirstOrDefault(w => w.Fields.Event.Name is "ext4_da_write_begin" or "ext4_write_begin" or "iomap_dio_rw_begin");
            long? eventPos = evidence.Fields is null ? null
                : evidence.Fields.Event.Name == "iomap_dio_rw_begin" ? EventOffset(evidence.Fields, "offset", hex: true) : EventOffset(evidence.Fields, "pos", hex: false);
            long? fdPos = of.Position;
            if (explicitPos is null && of.Position is long pos) of.Position = pos + moved;
            if (explicitPos is null && of.Position is null && eventPos is long ep) of.Position = ep + moved;
            if (length == 0)
            {
                Lost(line, kind, null, of, $"{(write ? "writes" : "reads")} of 0 bytes");
                return;
            }
            bool append = write && of.Append && explicitPos is null;
            Add(line, kind, null, of, s =>
            {
                long offset;
                if (explicitPos is long x) offset = x;
                else if (append && eventPos is null && s.Size is long size) { offset = size; }
                else if (eventPos is long e)
                {
                    offset = e;
                    if (append) { }
                    else if (fdPos is null) s.Report.Fill($"{name} offset from {evidence.Fields!.Event.Name} (descriptor opened before the capture)");
                    else if (fdPos != e) s.Report.Fill($"{name} offset from {evidence.Fields!.Event.Name}, not the tracked position");
                }
                else if (fdPos is long fp && !append) offset = fp;
                else
                {
                    s.Report.Lost($"{name} at an unknown offset (descriptor opened before the capture, no event names it)");
                    return [];
                }
                if (explicitPos is long ex && eventPos is long ev && ex != ev) s.Report.Fill($"{name} offset from {evidence.Fields!.Event.Name}, not the argument");
                if (dontcache) s.Report.Fill("RWF_DONTCACHE replayed as plain buffered IO (not modelled)");
                if (write && s.Size is long sz) s.Size = Math.Max(sz, offset + length);
                return Chunks(s, offset, length, write, direct ? IoPath.Direct : IoPath.Buffered, line);
            }, sizes: write);
        }

        private long? Positional(Pending p)
        {
            ulong low = Arg(p, "pos_l"), high = p.Args.GetValueOrDefault("pos_h");
            long pos = unchecked((long)(low | (high << 32)));
            if (pos == -1 || unchecked((long)low) == -1) return null;
            return pos >= 0 && pos <= MaxOffset ? pos : throw new TraceSyntaxException(file, p.Enter.Line, $"sys_{p.Enter.Name}: expected pos_l|pos_h<<32 from 0 to 2^44 or -1, got 0x{pos:x}");
        }

        private static IEnumerable<FileOp> Chunks(FileState s, long offset, long length, bool write, IoPath via, int line)
        {
            if (length > MaxIo) s.Report.Fill($"a {(write ? "write" : "read")} longer than {MaxIo >> 20} MiB split into {MaxIo >> 20} MiB pieces");
            var fill = (byte)(line % 255 + 1);
            for (long done = 0; done < length; done += MaxIo)
            {
                int n = (int)Math.Min(MaxIo, length - done);
                yield return write ? new FileOp.Write(s.Path, offset + done, WriteData.Filled(n, fill), via) : new FileOp.Read(s.Path, offset + done, n, via);
            }
        }

        private static IEnumerable<FileOp> Fallocated(FileState s, FallocMode mode, long offset, long length)
        {
            var op = mode & ~FallocMode.KeepSize;
            bool keep = mode.HasFlag(FallocMode.KeepSize);
            if (s.Size is long size)
                s.Size = op switch
                {
                    FallocMode.CollapseRange => Math.Max(0, size - length),
                    FallocMode.InsertRange => size + length,
                    FallocMode.Allocate or FallocMode.ZeroRange when !keep => Math.Max(size, offset + length),
                    _ => size,
                };
            return [new FileOp.Fallocate(s.Path, mode, offset, length)];
        }

        private static bool KeepsSize(FallocMode mode) => mode.HasFlag(FallocMode.KeepSize) && (mode & (FallocMode.CollapseRange | FallocMode.InsertRange)) == 0;

        internal static string ModeName(FallocMode mode)
        {
            var names = new List<string>();
            foreach (var (bit, n) in new[] { (FallocMode.KeepSize, "KEEP_SIZE"), (FallocMode.PunchHole, "PUNCH_HOLE"), (FallocMode.CollapseRange, "COLLAPSE_RANGE"),
                (FallocMode.ZeroRange, "ZERO_RANGE"), (FallocMode.InsertRange, "INSERT_RANGE"), (FallocMode.UnshareRange, "UNSHARE_RANGE") })
                if (mode.HasFlag(bit)) names.Add(n);
            var rest = mode & ~(FallocMode.KeepSize | FallocMode.PunchHole | FallocMode.CollapseRange | FallocMode.ZeroRange | FallocMode.InsertRange | FallocMode.UnshareRange);
            if (rest != 0) names.Add($"0x{(int)rest:x}");
            return names.Count == 0 ? "ALLOCATE" : string.Join('|', names);
        }

        private void CopyFileRange(Pending p, long ret)
        {
            int line = p.Enter.Line;
            var src = Fd(p, "fd_in");
            var dst = Fd(p, "fd_out");
            Bind(src, p, f => f.Event.Name == "mm_filemap_get_pages");
            Bind(dst, p, f => f.Event.Name is "ext4_da_write_begin" or "ext4_write_begin" or "writeback_dirty_folio" or "ext4_mark_inode_dirty");
            if (src.Ino is null && dst.Ino is not null && p.Window.All(w => w.Ino == dst.Ino)) src.Ino = dst.Ino;
            if (dst.Ino is null && src.Ino is not null && p.Window.All(w => w.Ino == src.Ino)) dst.Ino = src.Ino;
            if (ret <= 0)
            {
                Lost(line, "copy_file_range", null, dst, ret < 0 ? $"copy_file_range failed in the capture ({FuseErrno.Show(ret)})" : "copy_file_range of 0 bytes");
                return;
            }
            long length = Math.Min(ret, MaxOffset);
            long? From(string pointer, OpenFile of, string evidence, Func<EventFields, long> read)
            {
                if (Arg(p, pointer) == 0 && of.Position is long pos) { of.Position = pos + length; return pos; }
                var e = p.Window.FirstOrDefault(w => w.Fields.Event.Name == evidence);
                return e.Fields is null ? null : read(e.Fields);
            }
            long? dstOff = From("off_out", dst, "ext4_da_write_begin", f => EventOffset(f, "pos", hex: false));
            long? srcOff = From("off_in", src, "mm_filemap_get_pages", f => PageRange(f).Start);
            bool guessedSrc = Arg(p, "off_in") != 0;
            Add(line, "copy_file_range", null, dst, s =>
            {
                if (dstOff is null || srcOff is null || src.Ino is null)
                {
                    s.Report.Lost("copy_file_range with offsets in user memory and no ext4_da_write_begin/mm_filemap_get_pages naming them (the file's size is unknown until the next truncate)");
                    s.Size = null;
                    return [];
                }
                if (guessedSrc) s.Report.Fill("copy_file_range source offset from mm_filemap_get_pages (page-aligned)");
                if (s.Size is long size) s.Size = Math.Max(size, dstOff.Value + length);
                var source = src.Ino == s.Ino ? s.Path : PathOf(src.Ino.Value);
                return [new FileOp.CopyRange(source, srcOff.Value, s.Path, dstOff.Value, length)];
            });
        }

        /// <summary>A mapping gone with no load or store seen: what was done through it is not in the capture.</summary>
        private void Untouched(Region r)
        {
            if (!r.Touched)
                Lost(r.Line, "mmap", null, r.File, "loads and stores through an mmap of the file (no mm_filemap_fault or writeback_dirty_folio events while it was mapped)");
        }

        private void Touch(ulong ino)
        {
            foreach (var r in _regions.Values.SelectMany(r => r).Where(r => r.File.Ino == ino)) r.Touched = true;
        }

        private void Msync(Pending p)
        {
            ulong start = Arg(p, "start"), len = Arg(p, "len");
            if (!_regions.TryGetValue(p.Enter.Process, out var regions)) return;
            var r = regions.FirstOrDefault(r => start >= r.Address && start < r.Address + r.Length);
            if (r is null) return;
            Bind(r.File, p);
            bool sync = (Arg(p, "flags") & 4) != 0;
            long from = r.Offset + (long)Math.Min(start - r.Address, (ulong)MaxOffset);
            long to = from + (long)Math.Min(len, (ulong)MaxOffset);
            Add(p.Enter.Line, sync ? "msync" : "msync MS_ASYNC", null, r.File, s => sync
                ? [new FileOp.Fsync(s.Path, DataOnly: true)]
                : [new FileOp.Writeback(s.Path, from, to)], sizes: false);
        }

        private static (long Start, long Length) PageRange(EventFields f)
        {
            var ofs = f.Required("ofs");
            int dash = ofs.IndexOf('-');
            if (dash <= 0) throw f.Error($"expected 'ofs=START-END', got 'ofs={ofs}'");
            var a = f.Parse(ofs[..dash], "ofs", hex: false);
            var b = f.Parse(ofs[(dash + 1)..], "ofs", hex: false);
            if (b < a || b >= (ulong)MaxOffset) throw f.Error($"expected 'ofs=START-END' with START <= END below 2^44, got 'ofs={ofs}'");
            return ((long)a, (long)(b - a + 1));
        }

        /// <summary>An inode event outside any traced system call: an operation of its own.</summary>
        private void Unattached(EventFields f, ulong ino)
        {
            var e = f.Event;
            int line = e.Line;
            switch (e.Name)
            {
                case "ext4_da_write_begin" or "ext4_write_begin":
                {
                    long pos = EventOffset(f, "pos", hex: false), len = EventOffset(f, "len", hex: false);
                    var key = (e.Pid, ino);
                    if (_writeBegins.TryGetValue(key, out var cont) && cont.Next == pos && cont.Remaining == len) return;
                    _writeBegins[key] = (pos, len);
                    if (len == 0) return;
                    Add(line, $"{e.Name} (no write syscall)", ino, null, s =>
                    {
                        s.Report.Fill($"write offset and length from {e.Name} (no write syscall traced)");
                        if (s.Size is long sz) s.Size = Math.Max(sz, pos + len);
                        return Chunks(s, pos, len, write: true, IoPath.Buffered, line);
                    });
                    return;
                }
                case "ext4_da_write_end" or "ext4_write_end":
                {
                    var key = (e.Pid, ino);
                    if (_writeBegins.TryGetValue(key, out var begun))
                    {
                        long pos = EventOffset(f, "pos", hex: false), copied = EventOffset(f, "copied", hex: false);
                        _writeBegins[key] = (pos + copied, begun.Remaining - copied);
                    }
                    return;
                }
                case "iomap_dio_rw_begin":
                {
                    long offset = EventOffset(f, "offset", hex: true), length = EventOffset(f, "length", hex: true);
                    bool write = f.Word("flags")?.Contains("WRITE", StringComparison.Ordinal) == true;
                    if (length == 0) return;
                    Add(line, $"direct {(write ? "write" : "read")} (iomap_dio_rw_begin, no syscall)", ino, null, s =>
                    {
                        s.Report.Fill("direct IO range from iomap_dio_rw_begin (no read/write syscall traced)");
                        if (write && s.Size is long sz) s.Size = Math.Max(sz, offset + length);
                        return Chunks(s, offset, length, write, IoPath.Direct, line);
                    }, sizes: write);
                    return;
                }
                case "ext4_begin_ordered_truncate":
                {
                    long size = EventOffset(f, "new_size", hex: false);
                    _orderedTruncate.Add(ino);
                    if (_evicted.Contains(ino)) return;
                    Add(line, "truncate (ext4_begin_ordered_truncate, no syscall)", ino, null, s =>
                    {
                        s.Report.Fill("truncate size from ext4_begin_ordered_truncate new_size (no truncate syscall traced)");
                        s.Size = size;
                        return [new FileOp.Truncate(s.Path, size)];
                    });
                    return;
                }
                case "ext4_truncate_enter":
                {
                    if (_orderedTruncate.Remove(ino) || _evicted.Contains(ino)) return;
                    int order = _drafts.Count;
                    Add(line, "truncate (ext4_truncate_enter only, no syscall)", ino, null, s =>
                    {
                        var witness = _witnesses.FirstOrDefault(w => w.Ino == ino && w.Order > order);
                        long? size = witness?.Size ?? (_drafts.Skip(order + 1).Any(d => d.Target == ino && d.Sizes) ? null : s.Report.HeaderSize);
                        if (size is null)
                        {
                            s.Report.Lost("a truncate's new size (only ext4_truncate_enter, no later event prints the size)");
                            s.Size = null;
                            return [];
                        }
                        s.Report.Fill($"a truncate's new size (only ext4_truncate_enter) from {witness?.Source ?? "the header's final size"}");
                        s.Size = size;
                        return [new FileOp.Truncate(s.Path, size.Value)];
                    });
                    return;
                }
                case "ext4_evict_inode":
                    _evicted.Add(ino);
                    return;
                case "ext4_fallocate_enter" or "ext4_punch_hole" or "ext4_zero_range" or "ext4_collapse_range" or "ext4_insert_range":
                {
                    long offset = EventOffset(f, "offset", hex: false), length = EventOffset(f, "len", hex: false);
                    var modeWord = f.Word("mode") ?? "";
                    var mode = e.Name switch
                    {
                        "ext4_fallocate_enter" => modeWord.Contains("KEEP_SIZE", StringComparison.Ordinal) ? FallocMode.KeepSize : FallocMode.Allocate,
                        "ext4_punch_hole" => FallocMode.PunchHole | FallocMode.KeepSize,
                        "ext4_zero_range" => FallocMode.ZeroRange | (modeWord.Contains("KEEP_SIZE", StringComparison.Ordinal) ? FallocMode.KeepSize : 0),
                        "ext4_collapse_range" => FallocMode.CollapseRange,
                        _ => FallocMode.InsertRange,
                    };
                    if (length == 0) return;
                    Add(line, $"fallocate {ModeName(mode)} ({e.Name}, no syscall)", ino, null, s =>
                    {
                        s.Report.Fill(e.Name == "ext4_punch_hole"
                            ? "a punch's mode: ext4_punch_hole prints none on 6.18; PUNCH_HOLE|KEEP_SIZE (the only punch there is)"
                            : $"fallocate range and mode from {e.Name} (no fallocate syscall traced)");
                        return Fallocated(s, mode, offset, length);
                    }, sizes: !KeepsSize(mode));
                    return;
                }
                case "ext4_sync_file_enter":
                {
                    bool datasync = f.Decimal("datasync") != 0;
                    Add(line, "fsync (ext4_sync_file_enter, no syscall)", ino, null, s => [new FileOp.Fsync(s.Path, datasync)], sizes: false);
                    return;
                }
                case "ext4_writepages":
                {
                    long start = EventOffset(f, "range_start", hex: false);
                    ulong endRaw = f.Decimal("range_end");
                    long end = endRaw >= (ulong)MaxOffset ? long.MaxValue : (long)endRaw + 1;
                    var who = e.Task.StartsWith("kworker/", StringComparison.Ordinal) ? "the flusher" : e.Task.StartsWith("jbd2/", StringComparison.Ordinal) ? "jbd2" : "a task";
                    Add(line, $"writeback by {who} (ext4_writepages)", ino, null,
                        s => [new FileOp.Writeback(s.Path, start, Math.Max(start + 1, end))], sizes: false);
                    return;
                }
                case "ext4_unlink_enter":
                    Add(line, "unlink (ext4_unlink_enter, no syscall)", ino, null, s => [new FileOp.Unlink(s.Path)]);
                    return;
                case "mm_filemap_get_pages":
                {
                    var (start, length) = PageRange(f);
                    Add(line, "read (mm_filemap_get_pages, no syscall)", ino, null, s =>
                    {
                        s.Report.Fill("a buffered read's range from mm_filemap_get_pages (page-aligned; no read syscall traced)");
                        return Chunks(s, start, length, write: false, IoPath.Buffered, line);
                    }, sizes: false);
                    return;
                }
                case "mm_filemap_fault" when !e.IsKernelThread:
                {
                    long ofs = EventOffset(f, "ofs", hex: false) & ~4095L;
                    Touch(ino);
                    Add(line, "mmap load (mm_filemap_fault)", ino, null, s =>
                    {
                        s.Report.Fill("an mmap load: the faulting page from mm_filemap_fault (loads of mapped pages leave no event)");
                        return [new FileOp.Read(s.Path, ofs, 4096, IoPath.Mmap)];
                    }, sizes: false);
                    return;
                }
                case "writeback_dirty_folio" when !e.IsKernelThread:
                {
                    var index = f.Decimal("index");
                    if (index > (ulong)(MaxOffset >> 12)) throw f.Error($"expected 'index' below 2^32, got {index}");
                    long ofs = (long)index << 12;
                    Touch(ino);
                    Add(line, "mmap store (writeback_dirty_folio)", ino, null, s =>
                    {
                        if (s.Size is not long size || ofs >= size)
                        {
                            s.Report.Lost("an mmap store past the reconstructed EOF");
                            return [];
                        }
                        s.Report.Fill("an mmap store: one page from writeback_dirty_folio outside a system call (page_mkwrite; bytes unknown)");
                        return [new FileOp.Write(s.Path, ofs, WriteData.Filled((int)Math.Min(4096, size - ofs), (byte)(line % 255 + 1)), IoPath.Mmap)];
                    }, sizes: false);
                    return;
                }
            }
        }

        private readonly Dictionary<ulong, FileState> _files = [];
        private readonly HashSet<string> _usedPaths = new(StringComparer.Ordinal);

        private string PathOf(ulong ino) => File(ino).Path;

        private FileState File(ulong ino)
        {
            if (_files.TryGetValue(ino, out var s)) return s;
            var named = _header.Files.FirstOrDefault(f => f.Ino == ino)?.Path
                ?? _drafts.Select(d => d.Fd).FirstOrDefault(fd => fd?.Ino == ino && fd.Path is not null)?.Path;
            var name = named is null ? $"ino{ino}" : Flatten(named);
            if (!_usedPaths.Add(name)) { name = $"{name}~ino{ino}"; _usedPaths.Add(name); }
            var report = _report.File("/" + name, ino);
            if (named is not null && named.Contains('/') && !_header.Files.Any(f => f.Ino == ino && !f.Path.Contains('/')))
                report.Fill($"the path '{named}' flattened to '{name}' (the model's server keeps files in its root directory)");
            report.HeaderSize = _header.Files.FirstOrDefault(f => f.Ino == ino)?.Size;
            return _files[ino] = new FileState(ino, "/" + name, report);
        }

        /// <summary>A name in the mount's root for a path relative to the mount point (or absolute: its last part).</summary>
        private static string Flatten(string path)
        {
            var p = path.StartsWith('/') ? Path.GetFileName(path) : path.TrimStart('.', '/');
            p = p.Replace('/', '_');
            return p.Length is > 0 and <= 200 && p is not "." and not ".." ? p : "file";
        }

        private List<WorkloadStep> Resolve()
        {
            var steps = new List<WorkloadStep>();
            foreach (var d in _drafts)
            {
                if (d.Ino is null && d.Fd is null)
                {
                    foreach (var op in d.Make(new FileState(0, "/", new FileReport("/", null)))) steps.Add(new(op, d.Kind, d.Line));
                    continue;
                }
                if (d.Target is not ulong ino)
                {
                    ImportReport.Count(_report.Dropped, $"{d.Kind} on descriptors never bound to an inode of {_device} (other files)");
                    continue;
                }
                var s = File(ino);
                var ops = d.Make(s).ToList();
                if (ops.Count == 0) continue;
                s.Report.Did(d.Kind);
                foreach (var op in ops) steps.Add(new(op, d.Kind, d.Line));
            }
            // The mount-wide operations (sync) count as operations only when some file has one.
            if (steps.All(s => s.Op is FileOp.Syncfs)) steps.Clear();
            foreach (var s in _files.Values) s.Report.FinalSize = s.Size;
            return steps;
        }
    }
}
