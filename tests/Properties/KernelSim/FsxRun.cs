using IomapModel.KernelSim;
using IomapModel.KernelSim.Kernel;
using IomapModel.KernelSim.Scheduling;
using IomapModel.Servers;
using IomapModel.Servers.Reference;
using IomapModel.Workloads;
using IomapModel.Workloads.Shadow;
using IomapModel.Workloads.Sim;

namespace IomapModel.Properties.KernelSim;

/// <summary>
/// Runs one fsx workload: a user actor performs the operations on two files while writeback passes, clean-page
/// eviction, ioend completion and (optionally) a remapping server run as actors interleaved from the workload's seed.
/// A shadow byte model per file is the oracle: every read returns the shadow bytes, sizes match after every
/// operation, and at the end (syncfs, eviction, reread) the page cache, the disk and the server's size match too, and
/// the server holds blocks exactly where the operations allocated them (holes where they punched or truncated).
/// Every bio is audited: the device block must be the server's current block for that file range.
/// </summary>
public sealed class FsxRun
{
    private readonly int MaxFile;
    private readonly int _evictOneIn;
    private readonly IFuseIomapServer _server;
    private readonly IServerInspection _inspect;
    private readonly bool _fuse2fsRules;
    /// <summary>With <see cref="_fuse2fsRules"/>: blocks punched or truncated away that the server must not hold.</summary>
    private readonly SortedSet<long>[] _freed = [[], []];
    private readonly SimKernel _kernel;
    private readonly SimInode[] _files;
    private static readonly string[] Names = ["a", "b"];
    private readonly ShadowFiles _shadow = new();
    private readonly SimFiles _sim;
    /// <summary>Which file blocks the server should hold (written or unwritten), per file.</summary>
    private readonly SortedSet<long>[] _allocated = [[], []];
    /// <summary>Blocks past EOF in a folio that page_mkwrite dirtied whole (iomap_dirty_folio): if the file later
    /// grows over them before writeback cleans them, writeback allocates them (as zeros). The server may hold them.</summary>
    private readonly SortedSet<long>[] _maybeAllocated = [[], []];
    private readonly bool _remapper;

    /// <param name="revalidate">The test-only switch: false checks neither write_begin nor writeback cookies.</param>
    /// <param name="remapper">Run an adversarial server actor that moves blocks near the dirty page cache.</param>
    /// <param name="serverCaches">The server upserts into the kernel cache and replies NULL (fuse2fs); false: it
    /// replies with the mapping itself and the cache stays off.</param>
    /// <param name="maxFile">Offsets are folded below this; small files make operations overlap more.</param>
    /// <param name="evictOneIn">The evictor drops clean folios on one step in this many.</param>
    /// <param name="server">The server to run against (it must implement <see cref="IServerInspection"/>); by
    /// default a <see cref="ReferenceServer"/> with <paramref name="blockSize"/> and <paramref name="serverCaches"/>.</param>
    /// <param name="fuse2fsRules">Expect fuse2fs's allocation rules instead of the reference server's exact ones:
    /// libext2fs may allocate more than asked (whole gaps, every block a ZERO_RANGE touches), a growing truncate frees
    /// nothing, and copy_file_range is not implemented. The final block check becomes "everything written is
    /// allocated, nothing punched or truncated away is".</param>
    public FsxRun(bool revalidate = true, bool remapper = false, bool serverCaches = true, int maxFile = 96 * 1024,
        int evictOneIn = 4, uint blockSize = 1024, bool faithfulTruncate = false, bool faithfulCopy = false,
        IFuseIomapServer? server = null, bool fuse2fsRules = false)
    {
        MaxFile = maxFile;
        _evictOneIn = evictOneIn;
        _server = server ?? new ReferenceServer(blockSize, 48UL << 20) { UpsertIntoCache = serverCaches };
        _inspect = (IServerInspection)_server;
        _fuse2fsRules = fuse2fsRules;
        _kernel = new SimKernel(_server, new SimOptions
        {
            Revalidate = revalidate,
            FlushBeforeTruncate = !faithfulTruncate,
            CopyRangeDropsPageCache = !faithfulCopy,
        });
        _sim = new SimFiles(_kernel);
        _files = [.. Names.Select(_sim.Create)];
        _remapper = remapper;
        _kernel.Tracepoints = new BioAudit(this);
    }

    /// <summary>Every bio must land where the server keeps that file range, except inside a truncate's window.</summary>
    private sealed class BioAudit(FsxRun run) : IKernelTracepoints
    {
        public void Event(KernelTraceEvent e) { }

        public void Bio(in BioWrite bio)
        {
            if (run._inspect.Owns(bio.Inode.NodeId, bio.FilePos, bio.Addr, bio.Length)) return;
            if (bio.Inode.TruncateWindowFrom is long w && bio.FilePos + bio.Length > w) { run.KnownTruncateWindowWrites++; return; }
            run.Failures.Add($"{bio.Path} wrote {bio.Inode.Name}@{bio.FilePos}+{bio.Length} to device addr {bio.Addr}, " +
                "which the server no longer maps there");
        }
    }

    public List<string> Failures { get; } = [];
    public int KnownTruncateWindowWrites { get; private set; }
    public SimCounters Counters => _kernel.Counters;
    public SimKernel Kernel => _kernel;
    public int OpsRun { get; private set; }

    private byte[] Bytes(FsxOp op, int len)
    {
        var data = new byte[len];
        new Random(op.A ^ (op.B << 1) ^ (op.C << 7)).NextBytes(data);
        return data;
    }

    private void Alloc(int f, long start, long end, bool allocated)
    {
        uint bs = _kernel.BlockSize;
        long first = start / bs, stop = (end + bs - 1) / bs;
        if (allocated && _fuse2fsRules && !_allocated[f].Any(b => b < first))
        {
            // Left of every extent libext2fs fills the whole gap up to the first one (finding F11).
            long firstExtent = _allocated[f].Count > 0 ? _allocated[f].Min : long.MaxValue;
            _freed[f].RemoveWhere(b => b >= first && b < firstExtent);
        }
        for (long b = first; b < stop; b++)
        {
            if (allocated) { _allocated[f].Add(b); _freed[f].Remove(b); }
            else _allocated[f].Remove(b);
        }
    }

    /// <summary>Whole blocks in [first, stop) become holes.</summary>
    private void Free(int f, long first, long stop)
    {
        _allocated[f].RemoveWhere(b => b >= first && b < stop);
        for (long b = first; b < stop; b++) _freed[f].Add(b);
    }

    /// <summary>Whole blocks inside [start, end) become holes.</summary>
    private void Punch(int f, long start, long end)
    {
        uint bs = _kernel.BlockSize;
        Free(f, (start + bs - 1) / bs, end / bs);
    }

    /// <summary>The first block no operation can reach (for "everything from here on is freed").</summary>
    private long EndBlock => (MaxFile + 8192 + 32768) / _kernel.BlockSize;

    private void Expect(bool ok, string what)
    {
        if (!ok) Failures.Add(what);
    }

    private void ExpectBytes(int f, long off, byte[] got, string what)
    {
        var s = _shadow[Names[f]];
        long end = Math.Min(off + got.Length, s.Count);
        for (long p = off; p < end; p++)
            if (got[p - off] != s[(int)p])
            {
                Failures.Add($"{what}: file {f} byte {p} is {got[p - off]}, shadow has {s[(int)p]}");
                return;
            }
        if (off + got.Length > s.Count && got.Length > 0 && off < s.Count)
            Failures.Add($"{what}: returned {got.Length} bytes from {off}, but the file has {s.Count}");
    }

    /// <summary>The file operation an fsx op stands for, its raw numbers folded into offsets and lengths that fit the
    /// file (<paramref name="size"/> is its size now); null when there is nothing to do (a store into an empty file).</summary>
    private FileOp? Fold(FsxOp op, long size)
    {
        uint bs = _kernel.BlockSize, page = _kernel.PageSize;
        string name = Names[op.File];
        switch (op.Kind)
        {
            case FsxKind.Write:
                return new FileOp.Write(name, op.A % MaxFile, WriteData.Of(Bytes(op, 1 + op.B % 12000)));
            case FsxKind.MmapWrite:
            {
                if (size == 0) return null;
                long off = op.A % size;
                long room = Math.Min(page - off % page, size - off);
                return new FileOp.Write(name, off, WriteData.Of(Bytes(op, (int)(1 + op.B % room))), IoPath.Mmap);
            }
            case FsxKind.DirectWrite:
                return new FileOp.Write(name, op.A % (MaxFile / bs) * bs, WriteData.Of(Bytes(op, (int)((1 + op.B % 8) * bs))), IoPath.Direct);
            case FsxKind.Read:
                return new FileOp.Read(name, op.A % (size + 4097), 1 + op.B % 16384);
            case FsxKind.DirectRead:
                return new FileOp.Read(name, op.A % ((size + bs) / 512 + 1) * 512, (1 + op.B % 16) * 512, IoPath.Direct);
            case FsxKind.Truncate:
                return new FileOp.Truncate(name, op.A % (MaxFile + 8192));
            case FsxKind.Allocate or FsxKind.AllocateKeepSize or FsxKind.PunchHole or FsxKind.ZeroRange:
                return new FileOp.Fallocate(name, op.Kind switch
                {
                    FsxKind.Allocate => FallocMode.Allocate,
                    FsxKind.AllocateKeepSize => FallocMode.KeepSize,
                    FsxKind.PunchHole => FallocMode.PunchHole | FallocMode.KeepSize,
                    _ => FallocMode.ZeroRange | (op.C % 2 == 1 ? FallocMode.KeepSize : 0),
                }, op.A % MaxFile, 1 + op.B % 16384);
            case FsxKind.CollapseRange or FsxKind.InsertRange:
                return new FileOp.Fallocate(name, op.Kind == FsxKind.CollapseRange ? FallocMode.CollapseRange : FallocMode.InsertRange,
                    op.A % MaxFile / bs * bs, bs);
            case FsxKind.OpenTrunc:
                return new FileOp.Open(name, OpenFlags.ReadWrite | OpenFlags.Truncate);
            case FsxKind.CopyRange:
                return new FileOp.CopyRange(name, op.A % (size + 1), Names[1 - op.File], op.A / 7 % MaxFile, 1 + op.B % 16384);
            case FsxKind.Fsync:
                return new FileOp.Fsync(name);
            case FsxKind.Syncfs:
                return new FileOp.Syncfs(name);
            default:
                return new FileOp.Evict(name);
        }
    }

    /// <summary>What the operation must return on a file of <paramref name="size"/> bytes.</summary>
    private long Expected(FileOp op, long size) => op switch
    {
        FileOp.Write w => w.Length,
        FileOp.Read r => Math.Max(0, Math.Min(r.Offset + r.Length, size) - r.Offset),
        FileOp.Fallocate { Operation: FallocMode.CollapseRange or FallocMode.InsertRange } => -FuseErrno.EOPNOTSUPP,
        FileOp.CopyRange when _fuse2fsRules => -FuseErrno.ENOSYS,
        FileOp.CopyRange c => Math.Max(0, Math.Min(c.Length, size - c.Offset)),
        _ => 0,
    };

    /// <summary>Which blocks the server should hold after <paramref name="op"/> succeeded on a file of
    /// <paramref name="size"/> bytes.</summary>
    private void Track(FileOp op, int f, long size)
    {
        uint bs = _kernel.BlockSize;
        switch (op)
        {
            case FileOp.Write { Via: IoPath.Mmap } w:
            {
                long fpos = w.Offset / _kernel.PageSize * _kernel.PageSize;   // page_mkwrite maps the folio inside EOF
                long eof = Math.Min(fpos + _kernel.PageSize, _shadow[Names[f]].Count);
                Alloc(f, fpos, eof, true);
                for (long b = (eof + bs - 1) / bs; b < (fpos + _kernel.PageSize) / bs; b++) _maybeAllocated[f].Add(b);
                break;
            }
            case FileOp.Write w:
                Alloc(f, w.Offset, w.Offset + w.Length, true);
                break;
            case FileOp.Truncate t:
            {
                long keep = (t.Size + bs - 1) / bs;
                // ext2fs_file_set_size2 punches only when the file loses a block; otherwise what lies past the new
                // size (KEEP_SIZE preallocation) may stay.
                if (_fuse2fsRules && keep >= (size + bs - 1) / bs) _allocated[f].RemoveWhere(b => b >= keep);
                else Free(f, keep, Math.Max(EndBlock, keep));
                break;
            }
            case FileOp.Fallocate a:
            {
                var effect = FallocEffect.Of(a.Mode);
                bool zero = effect.ZeroesRange && effect.AllocatesRange;
                if (effect.FreesRange || (_fuse2fsRules && zero)) Punch(f, a.Offset, a.Offset + a.Length);   // fuse2fs_zero_range punches first
                if (effect.AllocatesRange && (_fuse2fsRules || !zero)) Alloc(f, a.Offset, a.Offset + a.Length, true);
                break;
            }
            case FileOp.Open { Flags: var flags } when flags.HasFlag(OpenFlags.Truncate):
                if (size > 0 || !_fuse2fsRules) Free(f, 0, EndBlock);
                else _allocated[f].Clear();
                _maybeAllocated[f].Clear();
                break;
            case FileOp.CopyRange c:
                long copied = Expected(c, size);
                if (copied > 0) Alloc(1 - f, c.DestinationOffset, c.DestinationOffset + copied, true);
                break;
        }
    }

    private IEnumerable<Step> User(FsxOp[] ops)
    {
        foreach (var op in ops)
        {
            if (Failures.Count > 0) yield break;
            int f = op.File;
            long size = _shadow[Names[f]].Count;
            if (Fold(op, size) is not { } fileOp) continue;
            OpOutcome? outcome = null;
            foreach (var s in _sim.Steps(fileOp, o => outcome = o)) yield return s;
            long want = Expected(fileOp, size);
            Expect(outcome!.Ret == want, $"{op}: {fileOp} returned {outcome}, expected {FuseErrno.Show(want)}");
            if (fileOp is FileOp.Read read) ExpectBytes(f, read.Offset, outcome.Data, $"{op}");
            if (outcome.Ret >= 0) Track(fileOp, f, size);
            _shadow.Apply(fileOp, outcome);
            OpsRun++;
            foreach (var (fi, k) in _files.Select((x, i) => (x, i)))
                Expect(fi.Size == _shadow[Names[k]].Count, $"after {op}: i_size of file {k} is {fi.Size}, shadow {_shadow[Names[k]].Count}");
            yield return Step.Ran;
        }
    }

    private IEnumerable<Step> Flusher(Random rng)
    {
        while (true)
        {
            var dirty = _files.Where(i => i.Pages.Folios.Any(f => f.IsDirty)).ToList();
            if (dirty.Count == 0 || rng.Next(3) != 0) { yield return Step.Idle; continue; }
            var ino = dirty[rng.Next(dirty.Count)];
            long start = rng.Next(2) == 0 ? 0 : rng.Next(MaxFile) / _kernel.PageSize * _kernel.PageSize;
            foreach (var s in _kernel.Writeback(ino, start, long.MaxValue, "flusher")) yield return s;
            yield return Step.Idle;
        }
    }

    private IEnumerable<Step> Evictor(Random rng)
    {
        while (true)
        {
            if (rng.Next(_evictOneIn) == 0)
                foreach (var _ in _kernel.EvictClean(_files[rng.Next(2)], 1 + rng.Next(2), rng)) { }
            yield return Step.Idle;
        }
    }

    /// <summary>An adversarial server that moves blocks near the dirty page cache and tells the kernel (INVAL).</summary>
    private IEnumerable<Step> Remapper(Random rng)
    {
        while (true)
        {
            if (rng.Next(3) == 0)
            {
                var ino = _files[rng.Next(2)];
                var target = ino.Pages.Folios.Where(f => f.IsDirty || f.UnderWriteback).ToList();
                long block = target.Count > 0
                    ? target[rng.Next(target.Count)].Pos / _kernel.BlockSize + rng.Next(8)
                    : rng.Next(MaxFile) / _kernel.BlockSize;
                ((ReferenceServer)_server).Remap(ino.NodeId, block, 1 + rng.Next(8));
            }
            yield return Step.Idle;
        }
    }

    /// <summary>Runs the workload; returns the failures (empty when every check held).</summary>
    public List<string> Run(FsxWorkload w)
    {
        var sched = new Scheduler(w.Seed);
        var rng = new Random(w.Seed ^ 0x5eed);
        sched.Spawn("ioend", _kernel.IoendWorker(), daemon: true);
        sched.Spawn("flusher", Flusher(new Random(rng.Next())), daemon: true);
        sched.Spawn("evictor", Evictor(new Random(rng.Next())), daemon: true);
        if (_remapper) sched.Spawn("server", Remapper(new Random(rng.Next())), daemon: true);
        sched.Spawn("user", User(w.Ops));
        sched.Run();
        if (Failures.Count > 0) return Failures;
        Final();
        return Failures;
    }

    /// <summary>syncfs, then: the server's size and cold disk bytes match, and after eviction a reread matches.</summary>
    private void Final()
    {
        var r = _kernel.Run(res => _kernel.Syncfs(res));
        Expect(r.Ret == 0, $"final syncfs returned {r.Ret}");
        Expect(_kernel.Asserts.Hits.Count == 0, "kernel ASSERTs hit: " +
            string.Join(", ", _kernel.Asserts.Hits.Take(3).Select(h => $"{h.Function}: {h.Condition}")));
        for (int f = 0; f < 2; f++)
        {
            var ino = _files[f];
            long size = _shadow[Names[f]].Count;
            Expect(_inspect.SizeOf(ino.NodeId) == size, $"final: server size of file {f} is {_inspect.SizeOf(ino.NodeId)}, shadow {size}");
            ExpectBytes(f, 0, _inspect.ReadFromDisk(ino.NodeId, size), $"final: disk content of file {f}");
            var blocks = new SortedSet<long>(_inspect.AllocatedBlocks(ino.NodeId));
            if (_fuse2fsRules)
            {
                var missing = _allocated[f].Except(blocks).Take(8).ToList();
                var kept = blocks.Intersect(_freed[f]).Take(8).ToList();
                if (missing.Count > 0 || kept.Count > 0)
                    Failures.Add($"final: file {f} lacks written blocks [{string.Join(",", missing)}] or still holds punched/truncated [{string.Join(",", kept)}]");
            }
            else if (!blocks.Except(_maybeAllocated[f].Except(_allocated[f])).ToHashSet().SetEquals(_allocated[f]))
                Failures.Add($"final: file {f} allocated blocks differ: server has [{string.Join(",", blocks.Except(_allocated[f]).Take(8))}] " +
                    $"that should be holes, lacks [{string.Join(",", _allocated[f].Except(blocks).Take(8))}]");
            _kernel.Run(_kernel.EvictClean(ino));
            Expect(ino.Pages.Count == 0, $"final: {ino.Pages.Count} folios of file {f} survive eviction after syncfs");
            var rr = _kernel.Run(res => _kernel.BufferedRead(ino, 0, (int)size + 1, res));
            Expect(rr.Ret == size, $"final: reread of file {f} returned {rr.Ret}, expected {size}");
            ExpectBytes(f, 0, rr.Data, $"final: reread after eviction of file {f}");
        }
    }
}
