using System.Text;
using IomapModel.Ext4;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;
using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

public sealed partial class ConformRun
{
    /// <summary>Bytes [First, End) of a file whose differences after this step <see cref="Why"/>, met at it, explains
    /// (End long.MaxValue: the size too); with <see cref="LiveZeros"/> only differences where the live file reads
    /// zeros (blocks the live daemon freed).</summary>
    private readonly record struct Cover(CauseId Why, string Path, long First, long End, bool LiveZeros = false)
    {
        /// <summary>The size only (no bytes).</summary>
        public static Cover SizeOf(CauseId why, string path) => new(why, path, long.MaxValue, long.MaxValue);

        public bool CoversSize => End == long.MaxValue;

        public bool Explains(string path, LiveResync.DiffRun r) => Why is not null && path == Path && First < r.End && End > r.First && (!LiveZeros || r.LiveZeros);
    }

    /// <summary>One operation on both sides, the errno check (known divergences realign the sides), the live-library
    /// bugs a punch meets (findings F17, sub-block-punch), then every touched file compared; each difference is
    /// attributed to a cause and the live file realigned to the model (<see cref="Attribute"/>). One output line.</summary>
    private void Step(int n, FileOp op, LiveSide live, ModelSide model, List<string> touched)
    {
        long bs = model.BlockSize;
        var gap = WholeGapBefore(op, n, model);
        _liveMapped.Follow(op.Path, model.ServerFile(op.Path) is { Kind: Ext4FileKind.Extents or Ext4FileKind.BlockMapped } sf
            ? sf.Extents.Select(e => (e.LogicalBlock, e.EndBlock, e.Unwritten)).ToList() : []);
        var liveGap = LiveWholeGap(op, n, model);
        long eof = model.SizeOf(op.Path) ?? 0;
        var modelBefore = op is FileOp.Fallocate { Operation: FallocMode.PunchHole } ? BlockMapRuns(op.Path, model) : null;
        int lr = live.Apply(op), mr = model.Apply(op);
        var covers = new List<Cover>();
        var note = new StringBuilder();
        if (model.Unsupported is { } why)
        {
            var id = CauseId.Of(KnownDivergence.ModelUnsupported);
            _causes.Meet(id, n);
            foreach (var path in Touches(op)) covers.Add(new(id, path, 0, long.MaxValue));
            note.Append($"live {FuseErrno.Show(lr)}, model cannot ({why}) (known: {KnownDivergence.ModelUnsupported.Id}); ");
        }
        else if (lr != mr)
        {
            var known = Explain(op, lr, mr, model, eof);
            string realigned = known is null ? "" : Realign(n, op, known, mr, live, model, covers);
            var id = known is null ? CauseId.Unknown(UnknownCauseKey.Errno(op, lr, mr), op.Path) : CauseId.Of(known);
            _causes.Meet(id, n);
            if (known is null || known == KnownDivergence.UnalignedBlockMapWrite)
            {
                // Not realigned: one side did not do it, so whatever that left different, and the blocks it would have
                // mapped; and the model's server may have acted before its kernel failed (set the size, allocated blocks
                // in the range): its disk may keep that.
                covers.Add(new(id, op.Path, 0, long.MaxValue));
                _diskCovers.Add(Cover.SizeOf(id, op.Path));
                if (UnknownCauseKey.Range(op, eof) is { } r && r.End > r.First)
                {
                    long first = Math.Min(r.First, eof) / bs, end = (r.End + bs - 1) / bs;
                    _expected.Add(new ClassExpectation(op.Path, first, end, id, n));
                    _diskCovers.Add(new(id, op.Path, first * bs, end * bs));
                }
            }
            note.Append($"live {FuseErrno.Show(lr)} model {FuseErrno.Show(mr)} ({(known is null ? "unexplained" : "known: " + known.Id)}{realigned}); ");
            if (known is null) _unexplainedErrno++;
            else _knownErrno++;
        }
        else if (lr != 0) note.Append($"both {FuseErrno.Show(lr)}; ");
        if (lr == 0 && op is FileOp.Fallocate { Operation: FallocMode.PunchHole } p)
        {
            var punch = _liveMapped.Punched(p.Path, p.Offset, p.Length, bs, blockMap: model.ServerFile(p.Path)?.Kind == Ext4FileKind.BlockMapped);
            if (mr == 0 && p.Offset % bs == 0 && p.Length < bs) note.Append(RealignSubBlockPunch(n, p, live, model, covers));
            note.Append(RealignLeftMapped(n, p, punch, live, model, covers));
            note.Append(FreedBeyond(n, p, punch, modelBefore, mr, live, model, covers));
        }
        else if (lr == 0) FollowLive(op, eof, model);
        if (lr == 0 && liveGap is not null) _expected.Add(liveGap);
        if (mr == 0 && gap is not null) _expected.Add(gap);
        foreach (var path in Touches(op).Where(t => !touched.Contains(t))) touched.Add(path);
        var files = touched.Select(f => FileComparison.Of(f, live, model)).ToList();
        var shown = files.Where(f => f.Path == op.Path || !f.Agrees).Select(f => f.Path == op.Path ? Unnamed(f) : f.ToString()).ToList();
        var attributed = files.Where(f => !f.Agrees).Select(f => Attribute(n, op, eof, f, live, model, covers));
        output.WriteLine($"step {n} {FileOpText.Format(op)}: {note}{string.Join("; ", shown)}{string.Concat(attributed)}");
    }

    /// <summary>The files an operation may change: its own, and a range operation's destination.</summary>
    private static IEnumerable<string> Touches(FileOp op) => op switch
    {
        FileOp.CopyRange c => [c.Path, c.Destination],
        FileOp.CloneRange c => [c.Path, c.Destination],
        FileOp.DedupeRange c => [c.Path, c.Destination],
        FileOp.ExchangeRange c => [c.Path, c.Destination],
        _ => [op.Path],
    };

    private static string Unnamed(FileComparison f) => f.ToString()[(f.Path.Length + 1)..];

    /// <summary>
    /// A file that differs after a step: each difference goes to the cause that covers its bytes (a divergence met at
    /// this step), else to a cause that is not known (<see cref="UnknownCauseKey"/>: one per file and step, from the
    /// first uncovered difference); then the live file is realigned to the model's size and bytes
    /// (<see cref="LiveResync"/>), with the blocks it rewrote expected to differ in class for that cause. A file that
    /// cannot be realigned counts as diverged from then on: its later differences all go to the same cause.
    /// </summary>
    private string Attribute(int n, FileOp op, long eof, FileComparison cmp, LiveSide live, ModelSide model, List<Cover> covers)
    {
        string path = cmp.Path;
        if (_diverged.TryGetValue(path, out var gone))
        {
            gone.Met(n);
            return $"; {path}: cause {gone.Number} again (diverged at step {gone.Steps[0]})";
        }
        long bs = model.BlockSize;
        var met = new List<ConformCause>();
        CauseId? unknown = null;
        CauseId Covering(LiveResync.DiffRun r, Func<CauseId> otherwise) =>
            covers.FirstOrDefault(c => c.Explains(path, r)) is { Why: not null } c ? c.Why : unknown ??= otherwise();
        void Meet(CauseId id)
        {
            var m = _causes.Meet(id, n).Cause;
            if (!met.Contains(m)) met.Add(m);
        }
        long? liveSize = cmp.LiveSize;
        if (cmp.LiveSize != cmp.ModelSize)
            Meet(covers.FirstOrDefault(c => c.Path == path && c.CoversSize) is { Why: not null } c
                ? c.Why : unknown ??= CauseId.Unknown(UnknownCauseKey.Size(op, path, cmp.LiveSize, cmp.ModelSize), path));
        int err = cmp.ModelSize is null ? -FuseErrno.ENOENT : LiveResync.Resize(path, live, model);
        if (err == 0 && liveSize is long before && cmp.ModelSize is long after) _liveMapped.Truncated(path, before, after, bs);
        var runs = err == 0 ? LiveResync.DataRuns(path, live, model, bs) : [];
        foreach (var r in runs)
        {
            var id = Covering(r, () => CauseId.Unknown(UnknownCauseKey.Data(op, eof, path, r.First, r.Live, r.Model), path));
            Meet(id);
            _expected.Add(new ClassExpectation(path, r.First / bs, (r.End + bs - 1) / bs, id, n));
        }
        if (err == 0) err = LiveResync.Write(path, runs, live, model);
        foreach (var r in runs) _liveMapped.Wrote(path, r.First, r.End - r.First, bs);
        if (met.Count == 0) Meet(unknown ??= CauseId.Unknown(UnknownCauseKey.Size(op, path, cmp.LiveSize, cmp.ModelSize), path));   // a short read
        string causes = string.Join(", ", met.Select(Described));
        if (err == 0 && FileComparison.Of(path, live, model).Agrees)
            return $"; {causes}; live realigned to the model ({Realigned(cmp, runs)})";
        _diverged[path] = met[0];
        return $"; {causes}; realigning the live side failed{(err != 0 ? ": " + FuseErrno.Show(err) : "")}: {path} counts as diverged from here on";
    }

    /// <summary>A cause as a step line names it: in full the first time, by number after that.</summary>
    private string Described(ConformCause cause) => _described.Add(cause.Number) ? cause.ToString() : $"cause {cause.Number} again";

    private static string Realigned(FileComparison cmp, List<LiveResync.DiffRun> runs) =>
        string.Join(", ", new[]
        {
            cmp.LiveSize != cmp.ModelSize ? $"size {cmp.ModelSize}" : null,
            runs.Count > 0 ? $"{runs.Count} run(s), {runs.Sum(r => r.End - r.First)} bytes written" : null,
        }.Where(s => s is not null));

    /// <summary>Which known divergence explains different return values, if any.</summary>
    private static KnownDivergence? Explain(FileOp op, int live, int model, ModelSide m, long eof)
    {
        var kind = m.ServerFile(op.Path)?.Kind;
        return op switch
        {
            FileOp.Fallocate { Operation: FallocMode.ZeroRange } when live is -FuseErrno.EINVAL or -FuseErrno.EOPNOTSUPP => KnownDivergence.ZeroRange,
            FileOp.Fallocate { Operation: FallocMode.Allocate } when live == 0 && model == -FuseErrno.EOPNOTSUPP && kind == Ext4FileKind.BlockMapped => KnownDivergence.BlockMapFallocate,
            FileOp.Write or FileOp.Fallocate { Operation: FallocMode.PunchHole } or FileOp.Truncate when live == 0 && model is -FuseErrno.EIO or -FuseErrno.ERANGE
                && kind == Ext4FileKind.BlockMapped && m.Server.Quirks.UnalignedIndirectOffset
                && AskedAt(op, eof).Any(pos => pos % m.BlockSize != 0) => KnownDivergence.UnalignedBlockMapWrite,
            _ => null,
        };
    }

    /// <summary>The byte positions at which the kernel asks the server for a mapping of its own (findings F10, F16):
    /// a write at its offset, and at the old EOF when it starts past it (the gap is zeroed first); a punch at its
    /// start (its partial head block is zeroed); a truncate at the smaller of the old and new size (the tail zeroed).</summary>
    private static IEnumerable<long> AskedAt(FileOp op, long eof) => op switch
    {
        FileOp.Write w => w.Offset > eof ? [w.Offset, eof] : [w.Offset],
        FileOp.Fallocate { Operation: FallocMode.PunchHole } p => [p.Offset],
        FileOp.Truncate t => [Math.Min(t.Size, eof)],
        _ => [],
    };

    /// <summary>Brings the side that refused an operation to the bytes and size the other one reached, and records
    /// the blocks whose classes will differ for it.</summary>
    private string Realign(int n, FileOp op, KnownDivergence known, int modelRet, LiveSide live, ModelSide model, List<Cover> covers)
    {
        long bs = model.BlockSize;
        var why = CauseId.Of(known);
        switch (op)
        {
            case FileOp.Fallocate { Operation: FallocMode.ZeroRange } z when known == KnownDivergence.ZeroRange && modelRet == 0:
            {
                long size = live.SizeOf(z.Path) ?? 0;
                long end = z.KeepSize ? Math.Min(z.Offset + z.Length, size) : z.Offset + z.Length;
                int err = live.WriteBytes(z.Path, z.Offset, new byte[Math.Max(0, end - z.Offset)]);
                if (err == 0) _liveMapped.Wrote(z.Path, z.Offset, end - z.Offset, bs);
                _expected.Add(new ClassExpectation(z.Path, z.Offset / bs, (z.Offset + z.Length + bs - 1) / bs, why, n));
                return err == 0 ? "; live realigned: zeros written" : $"; realigning the live side failed: {FuseErrno.Show(err)}";
            }
            case FileOp.Fallocate { Operation: FallocMode.Allocate } a when known == KnownDivergence.BlockMapFallocate:
            {
                long end = (a.Offset + a.Length + bs - 1) / bs * bs;
                if (a.KeepSize && end > (live.SizeOf(a.Path) ?? 0))
                    _blocksPastEof[a.Path] = Math.Max(end, _blocksPastEof.GetValueOrDefault(a.Path));
                int err = a.KeepSize ? 0 : model.Extend(a.Path, a.Offset + a.Length);
                _expected.Add(new ClassExpectation(a.Path, a.Offset / bs, (a.Offset + a.Length + bs - 1) / bs, why, n));
                // Growing the size zeroes from the old EOF: unaligned on a block map, that is F10 too (findings F16).
                if (err is -FuseErrno.EIO or -FuseErrno.ERANGE && model.Server.Quirks.UnalignedIndirectOffset)
                {
                    var f10 = CauseId.Of(KnownDivergence.UnalignedBlockMapWrite);
                    _causes.Meet(f10, n);
                    covers.Add(new(f10, a.Path, 0, long.MaxValue));
                    _diskCovers.Add(Cover.SizeOf(f10, a.Path));
                    return $"; realigning the model failed: {FuseErrno.Show(err)} (known: {KnownDivergence.UnalignedBlockMapWrite.Id})";
                }
                return a.KeepSize ? "" : err == 0 ? "; model realigned: size grown" : $"; realigning the model failed: {FuseErrno.Show(err)}";
            }
            default:
                return "";
        }
    }
}
