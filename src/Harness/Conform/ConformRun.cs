using IomapModel.Ext4;
using IomapModel.Harness.Host;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;
using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

/// <summary>
/// Users' use case 4 as a command (<c>iomapmodel conform</c>, docs/conform.md): a <see cref="ConformScript"/> applied
/// operation by operation to a live fuse2fs mount (<see cref="LiveSide"/>) and to the model (<see cref="ModelSide"/>),
/// both starting from the same image bytes. After every step the touched files' sizes and bytes are compared; after
/// unmounting, the live image (checked with <c>e2fsck -fn</c>, read with <see cref="Ext4Image"/>) is compared with the
/// model server's state per file: size, bytes on disk, and the class of every block (hole, unwritten, written).
/// Physical addresses are not compared: the two fuse2fs versions allocate differently.
/// Exit codes: 0 data and sizes agree everywhere, 1 a data, size or unexplained errno disagreement (or an unclean
/// live image), 2 bad input or a missing environment, 130 interrupted. Everything mounted or written is released on
/// every path out.
/// </summary>
public sealed class ConformRun(TextWriter output, TextWriter error)
{
    private readonly List<ClassExpectation> _expected = [];
    private readonly List<KnownDivergence> _seen = [];
    private readonly List<Disagreement> _disagreements = [];
    private readonly List<string> _unknownClassRuns = [];
    private readonly Dictionary<string, long> _blocksPastEof = new(StringComparer.Ordinal);
    private readonly LiveExtentShadow _liveMapped = new();
    private int _knownErrno, _unexplainedErrno, _knownClasses;

    /// <summary>After <see cref="Run"/>: every size, data, errno, e2fsck or sync disagreement (what makes exit 1).</summary>
    public IReadOnlyList<Disagreement> Disagreements => _disagreements;

    /// <summary>After <see cref="Run"/>: the first step where a known divergence left the sides really different
    /// (F10: not realigned), or null. Comparisons after it show that step's consequences, nothing new.</summary>
    public int? DivergedAt { get; private set; }

    /// <summary>After <see cref="Run"/>: every block-class run no known divergence explains (<c>/a blocks 1-3: live
    /// hole, model written</c>); reported, not part of the exit code.</summary>
    public IReadOnlyList<string> UnknownClassRuns => _unknownClassRuns;

    /// <param name="imagePath">The user's image (copied, never modified), or null.</param>
    /// <param name="mkfs">How to build the image when there is no <paramref name="imagePath"/> (the script's mkfs line
    /// otherwise).</param>
    /// <param name="options">How to run it; null: one mount for the whole script.</param>
    public int Run(ConformScript script, string? imagePath, MkfsSpec? mkfs, Fuse2fsQuirks quirks, CancellationToken cancel, ConformOptions? options = null)
    {
        options ??= new ConformOptions();
        var missing = ConformanceEnvironment.SkipReason(Needs.Fuse2fs) is { } skip ? [skip] : ConformanceEnvironment.Missing(Needs.Fuse2fs);
        if (missing.Count > 0)
        {
            error.WriteLine($"iomapmodel conform: cannot run a live fuse2fs mount: {string.Join("; ", missing)}");
            return 2;
        }
        if (imagePath is null) mkfs ??= script.Mkfs;
        if (imagePath is null && mkfs is null)
        {
            error.WriteLine($"{script.File}: no image: give --image IMG or --mkfs \"mkfs.ext4 OPTIONS\", or start the script with 'mkfs TOOL OPTIONS... size=BYTES'");
            return 2;
        }
        ScratchDirectory? scratch = null;
        LiveSide? live = null;
        ModelSide? model = null;
        int exit = 2;
        try
        {
            scratch = new ScratchDirectory();
            var bytes = imagePath is not null ? File.ReadAllBytes(imagePath) : MkfsImage.Build(mkfs!.Tool, mkfs.OptionText, mkfs.SizeBytes, _ => { });
            model = new ModelSide(bytes, quirks);
            var liveImage = scratch.File("live.img");
            File.WriteAllBytes(liveImage, bytes);
            output.WriteLine($"conform {script.File}: image {(imagePath is not null ? $"{imagePath} (a copy)" : mkfs!.ToString())}, block size {model.BlockSize}; " +
                $"live: fuse2fs -o fakeroot, O_DIRECT; model: SimKernel + Ext4Server, iomap cache on, fuse2fs {(quirks == Fuse2fsQuirks.Seed ? "as in RFC v3" : "as intended")}");
            var mnt = scratch.Subdirectory("mnt");
            live = new LiveSide(liveImage, mnt);
            var touched = new List<string>();
            for (int i = 0; i < script.Ops.Count; i++)
            {
                cancel.ThrowIfCancellationRequested();
                Step(i + 1, script.Ops[i], live, model, touched);
                if (!options.RemountEachStep) continue;
                live.Unmount();
                options.AfterUnmount?.Invoke(new ConformCheckpoint(i + 1, liveImage, [.. touched], model, _liveMapped));
                if (i + 1 < script.Ops.Count) live = new LiveSide(liveImage, mnt);
            }
            live.Unmount();
            Final(liveImage, model, touched);
            Summary(script.Ops.Count);
            exit = _disagreements.Count == 0 ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("iomapmodel conform: interrupted; unmounting and removing the temporary files");
            exit = 130;
        }
        catch (Ext4CorruptionException e)
        {
            error.WriteLine($"{imagePath ?? "the mkfs image"}: corrupt image: {e.Message}");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException)
        {
            error.WriteLine($"iomapmodel conform: {e.Message}");
        }
        finally
        {
            Release("unmount", () => live?.Dispose(), ref exit);
            Release("model", () => model?.Dispose(), ref exit);
            Release("temporary files", () => scratch?.Dispose(), ref exit);
            output.Flush();
        }
        return exit;
    }

    private void Release(string what, Action release, ref int exit) => CleanupStep.Run(error, "conform", $"the {what}", release, ref exit, 0);

    /// <summary>One operation on both sides, the errno check (known divergences realign the sides), then every touched
    /// file compared; one output line.</summary>
    private void Step(int n, FileOp op, LiveSide live, ModelSide model, List<string> touched)
    {
        var gap = WholeGapBefore(op, model);
        _liveMapped.Follow(op.Path, model.ServerFile(op.Path) is { Kind: Ext4FileKind.Extents } sf
            ? sf.Extents.Select(e => (e.LogicalBlock, e.EndBlock, e.Unwritten)).ToList() : []);
        var liveGap = LiveWholeGap(op, model);
        long eof = model.SizeOf(op.Path) ?? 0;
        long? keptBefore = MappedOutsidePunch(op, model);
        int lr = live.Apply(op), mr = model.Apply(op);
        bool freedBeyond = mr == 0 && keptBefore is long kept && MappedOutsidePunch(op, model) < kept;
        string leftMapped = keptBefore is not null && lr == 0 && mr == 0 ? RealignLeftMapped((FileOp.Fallocate)op, live, model) : "";
        if (lr == 0) FollowLive(op, eof, model);
        if (lr == 0 && liveGap is not null) _expected.Add(liveGap);
        string note = "";
        if (model.Unsupported is { } why) note = $"live {FuseErrno.Show(lr)}, model cannot ({why}); ";
        else if (lr != mr)
        {
            var known = Explain(op, lr, mr, model, eof);
            if (known == KnownDivergence.UnalignedBlockMapWrite) DivergedAt ??= n;
            string realigned = known is null ? "" : Realign(n, op, known, mr, live, model);
            note = $"live {FuseErrno.Show(lr)} model {FuseErrno.Show(mr)} ({(known is null ? "unexplained" : "known: " + known.Id)}{realigned}); ";
            if (known is null) { _unexplainedErrno++; _disagreements.Add(new(n, $"errno live {FuseErrno.Show(lr)} model {FuseErrno.Show(mr)}")); }
            else { _knownErrno++; Seen(known); }
        }
        else if (lr != 0) note = $"both {FuseErrno.Show(lr)}; ";
        else if (op is FileOp.Fallocate { Operation: FallocMode.PunchHole } p && p.Offset % model.BlockSize == 0 && p.Length < model.BlockSize) note = RealignSubBlockPunch(p, live, model);
        if (mr == 0 && gap is not null) _expected.Add(gap);
        if (!touched.Contains(op.Path)) touched.Add(op.Path);
        var files = touched.Select(p => FileComparison.Of(p, live, model)).ToList();
        note += leftMapped;
        if (freedBeyond)
        {
            Seen(KnownDivergence.IndirectPunchFreesBeyond);
            if (files.Any(f => !f.Agrees)) DivergedAt ??= n;
            note += $"(known: {KnownDivergence.IndirectPunchFreesBeyond.Id}: blocks beyond the range freed); ";
        }
        var shown = files.Where(f => f.Path == op.Path || !f.Agrees).Select(f => f.Path == op.Path ? Unnamed(f) : f.ToString());
        foreach (var f in files.Where(f => !f.Agrees)) _disagreements.Add(new(n, f.ToString()));
        output.WriteLine($"step {n} {FileOpText.Format(op)}: {note}{string.Join("; ", shown)}");
    }

    private static string Unnamed(FileComparison f) => f.ToString()[(f.Path.Length + 1)..];

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
    private string Realign(int n, FileOp op, KnownDivergence known, int modelRet, LiveSide live, ModelSide model)
    {
        long bs = model.BlockSize;
        switch (op)
        {
            case FileOp.Fallocate { Operation: FallocMode.ZeroRange } z when known == KnownDivergence.ZeroRange && modelRet == 0:
            {
                long size = live.SizeOf(z.Path) ?? 0;
                long end = z.KeepSize ? Math.Min(z.Offset + z.Length, size) : z.Offset + z.Length;
                int err = live.WriteBytes(z.Path, z.Offset, new byte[Math.Max(0, end - z.Offset)]);
                if (err == 0) _liveMapped.Wrote(z.Path, z.Offset, end - z.Offset, bs);
                _expected.Add(new ClassExpectation(z.Path, z.Offset / bs, (z.Offset + z.Length + bs - 1) / bs, known));
                return err == 0 ? "; live realigned: zeros written" : $"; realigning the live side failed: {FuseErrno.Show(err)}";
            }
            case FileOp.Fallocate { Operation: FallocMode.Allocate } a when known == KnownDivergence.BlockMapFallocate:
            {
                long end = (a.Offset + a.Length + bs - 1) / bs * bs;
                if (a.KeepSize && end > (live.SizeOf(a.Path) ?? 0))
                    _blocksPastEof[a.Path] = Math.Max(end, _blocksPastEof.GetValueOrDefault(a.Path));
                int err = a.KeepSize ? 0 : model.Extend(a.Path, a.Offset + a.Length);
                // Growing the size zeroes from the old EOF: unaligned on a block map, that is F10 too (findings F16).
                if (err is -FuseErrno.EIO or -FuseErrno.ERANGE && model.Server.Quirks.UnalignedIndirectOffset) DivergedAt ??= n;
                _expected.Add(new ClassExpectation(a.Path, a.Offset / bs, (a.Offset + a.Length + bs - 1) / bs, known));
                return a.KeepSize ? "" : err == 0 ? "; model realigned: size grown" : $"; realigning the model failed: {FuseErrno.Show(err)}";
            }
            default:
                return "";
        }
    }

    /// <summary><see cref="KnownDivergence.SubBlockPunch"/>: classic fuse2fs left the block a punch starts and ends
    /// in either untouched or (block 0) unmapped; the live block gets the model's bytes (up to the block's end or EOF),
    /// so both sides go on from the same data, and the block may differ in class.</summary>
    private string RealignSubBlockPunch(FileOp.Fallocate p, LiveSide live, ModelSide model)
    {
        long end = Math.Min(p.Offset + model.BlockSize, model.SizeOf(p.Path) ?? 0);
        if (end <= p.Offset) return "";
        int err = live.WriteBytes(p.Path, p.Offset, model.Read(p.Path, p.Offset, (int)(end - p.Offset)));
        if (err == 0) _liveMapped.Wrote(p.Path, p.Offset, end - p.Offset, model.BlockSize);
        long block = p.Offset / model.BlockSize;
        _expected.Add(new ClassExpectation(p.Path, block, block + 1, KnownDivergence.SubBlockPunch));
        Seen(KnownDivergence.SubBlockPunch);
        return $"(known: {KnownDivergence.SubBlockPunch.Id}; live realigned: {(err == 0 ? "the block rewritten with the model's bytes" : "rewriting the block failed: " + FuseErrno.Show(err))}); ";
    }

    /// <summary>F11: a write, a fallocate (or a ZERO_RANGE, which punches and then allocates) ending left of the file's first
    /// extent (after that punch) when that extent is unwritten; the model will hold the rest of the gap up to it as
    /// unwritten blocks (the RFC's libext2fs prepends to it, when the blocks physically before it are free).</summary>
    private static ClassExpectation? WholeGapBefore(FileOp op, ModelSide model)
    {
        if (!model.Server.Quirks.WholeGapBeforeFirstExtent) return null;
        var (offset, length, punches) = op switch
        {
            FileOp.Write w => (w.Offset, (long)w.Length, false),
            FileOp.Fallocate { Operation: FallocMode.Allocate } a => (a.Offset, a.Length, false),   // the same ext2fs_fallocate (fuse2fs_allocate_range)
            FileOp.Fallocate { Operation: FallocMode.ZeroRange } z => (z.Offset, z.Length, true),
            _ => (0L, 0L, false),
        };
        var f = length > 0 ? model.ServerFile(op.Path) : null;
        if (f is null || f.Kind != Ext4FileKind.Extents) return null;
        long bs = model.BlockSize, start = offset / bs, end = (offset + length + bs - 1) / bs;
        long punchFirst = punches ? (offset + bs - 1) / bs : 0, punchEnd = punches ? (offset + length) / bs : 0;
        // The first block still mapped once the punch has removed the blocks it covers whole.
        var (first, unwritten) = f.Extents.Select(e => (Block: e.LogicalBlock < punchFirst || e.LogicalBlock >= punchEnd ? e.LogicalBlock
            : e.EndBlock > punchEnd ? punchEnd : long.MaxValue, e.Unwritten)).DefaultIfEmpty((long.MaxValue, false)).Min();
        // The RFC's library grows only an unwritten first extent down to the range (findings F11).
        return first != long.MaxValue && unwritten && start < first && end < first
            ? new ClassExpectation(op.Path, end, first, KnownDivergence.WholeGap, BlockClass.Hole, BlockClass.Unwritten) : null;
    }

    /// <summary><see cref="KnownDivergence.DebianWholeGap"/>: a fallocate on an extent file starting left of the live
    /// file's first mapped block makes the live 1.47.0 library fill the gap beyond the range up to that block.</summary>
    private ClassExpectation? LiveWholeGap(FileOp op, ModelSide model)
    {
        if (op is not FileOp.Fallocate { Operation: FallocMode.Allocate } a || a.Length <= 0 || model.ServerFile(a.Path)?.Kind != Ext4FileKind.Extents) return null;
        long bs = model.BlockSize, start = a.Offset / bs, end = (a.Offset + a.Length + bs - 1) / bs;
        return _liveMapped.FirstMapped(a.Path) is long first && start < first && end < first
            ? new ClassExpectation(a.Path, end, first, KnownDivergence.DebianWholeGap, BlockClass.Unwritten, BlockClass.Hole) : null;
    }

    /// <summary>F17: how many blocks of a block-mapped model file are mapped outside the whole blocks a punch covers;
    /// null for anything else. Fewer after the punch means <c>ext2fs_punch</c> freed beyond the range.</summary>
    private static long? MappedOutsidePunch(FileOp op, ModelSide model)
    {
        if (op is not FileOp.Fallocate { Operation: FallocMode.PunchHole } p || !model.Server.Quirks.IndirectPunchMiscounts) return null;
        if (model.ServerFile(p.Path) is not { Kind: Ext4FileKind.BlockMapped } f) return null;
        long bs = model.BlockSize, first = (p.Offset + bs - 1) / bs, end = (p.Offset + p.Length) / bs;
        return f.Extents.Sum(e => e.Length - Math.Max(0, Math.Min(e.EndBlock, end) - Math.Max(e.LogicalBlock, first)));
    }

    /// <summary>F17's other half: <c>ext2fs_punch</c> stops at a block-map region boundary and leaves whole blocks of the
    /// range mapped, in both daemons. Classic fuse2fs then shows their old bytes; the RFC kernel zeroes every still
    /// mapped byte of the range itself (<c>fuse_iomap_punch_range</c> → <c>iomap_zero_range</c>). The live side is
    /// realigned by writing those zeros (O_DIRECT), so both go on from the same bytes with the blocks still mapped.</summary>
    private string RealignLeftMapped(FileOp.Fallocate p, LiveSide live, ModelSide model)
    {
        if (model.ServerFile(p.Path) is not { } f) return "";
        long bs = model.BlockSize, first = (p.Offset + bs - 1) / bs, end = (p.Offset + p.Length) / bs;
        long size = model.SizeOf(p.Path) ?? 0;
        var left = f.Extents.Select(e => (First: Math.Max(e.LogicalBlock, first) * bs, End: Math.Min(Math.Min(e.EndBlock, end) * bs, size)))
            .Where(r => r.First < r.End).ToList();
        if (left.Count == 0) return "";
        Seen(KnownDivergence.IndirectPunchFreesBeyond);
        int err = left.Select(r => live.WriteBytes(p.Path, r.First, new byte[r.End - r.First])).FirstOrDefault(e => e != 0);
        return $"(known: {KnownDivergence.IndirectPunchFreesBeyond.Id}: blocks of the range left mapped; live realigned: " +
            $"{(err == 0 ? "zeros written" : "writing zeros failed: " + FuseErrno.Show(err))}); ";
    }

    /// <summary>Follows what an operation that succeeded live did to the live file's mapped blocks.</summary>
    private void FollowLive(FileOp op, long eof, ModelSide model)
    {
        long bs = model.BlockSize;
        switch (op)
        {
            case FileOp.Write w: _liveMapped.Wrote(w.Path, w.Offset, w.Length, bs); break;
            case FileOp.Fallocate { Operation: FallocMode.ZeroRange } z: _liveMapped.Wrote(z.Path, z.Offset, z.Length, bs); break;
            case FileOp.Fallocate { Operation: FallocMode.Allocate } a: _liveMapped.Fallocated(a.Path, a.Offset, a.Length, bs, unwritten: model.ServerFile(a.Path)?.Kind != Ext4FileKind.BlockMapped); break;
            case FileOp.Fallocate { Operation: FallocMode.PunchHole } p: _liveMapped.Punched(p.Path, p.Offset, p.Length, bs); break;
            case FileOp.Truncate t: _liveMapped.Truncated(t.Path, eof, t.Size, bs); break;
        }
    }

    /// <summary>After unmount: e2fsck on the live image, then per file size, bytes on disk and block classes.</summary>
    private void Final(string liveImage, ModelSide model, IReadOnlyList<string> touched)
    {
        int sync = model.Sync();
        if (sync != 0) _disagreements.Add(new(null, $"model syncfs returned {FuseErrno.Show(sync)}"));
        var fsck = E2fsck.Check(liveImage);
        using var image = Ext4Image.Open(liveImage);
        if (fsck.ExitCode == 0) output.WriteLine("after unmount: e2fsck -fn of the live image is clean");
        else if (BlocksPastEofOnly(fsck.Stdout, image))
        {
            output.WriteLine($"after unmount: e2fsck -fn of the live image is not clean (exit {fsck.ExitCode}), only i_size complaints for block-mapped files fallocated past EOF (known: {KnownDivergence.BlockMapBlocksPastEof.Id})");
            Seen(KnownDivergence.BlockMapBlocksPastEof);
        }
        else
        {
            output.WriteLine($"after unmount: e2fsck -fn of the live image is NOT clean (exit {fsck.ExitCode}):");
            foreach (var l in fsck.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(20)) output.WriteLine($"  {l}");
            _disagreements.Add(new(null, "the live image is not clean for e2fsck"));
        }
        long bs = image.BlockSize;
        foreach (var path in touched)
        {
            Ext4FileLayout? layout = null;
            try { layout = image.ReadLayout(image.LookupPath(path)); }
            catch (FileNotFoundException) { }
            var server = model.ServerFile(path);
            var liveBytes = layout is null ? [] : Ext4FileBytes.Read(image, layout);
            var modelBytes = server is null ? [] : model.DiskBytes(path);
            var cmp = FileComparison.Of(path, layout?.Size, server?.Size, (o, n) => Slice(liveBytes, o, n), (o, n) => Slice(modelBytes, o, n));
            output.WriteLine($"on disk {cmp}");
            if (!cmp.Agrees) _disagreements.Add(new(null, $"on disk: {cmp}"));
            var liveExtents = layout?.Extents ?? [];
            var modelExtents = server?.Extents ?? [];
            long endBlock = (Math.Max(layout?.Size ?? 0, server?.Size ?? 0) + bs - 1) / bs;
            var diffs = ClassDifference.Between(liveExtents, modelExtents, endBlock);
            if (diffs.Count == 0) output.WriteLine($"  {path} block classes agree");
            foreach (var d in diffs)
            {
                var why = Explained(path, d);
                if (why is not null) { Seen(why); _knownClasses++; }
                else _unknownClassRuns.Add($"{path} {d}");
                output.WriteLine($"  {path} {d} ({(why is null ? "unknown" : "known: " + why.Id)})");
            }
        }
    }

    /// <summary>The known divergence behind a class run, when expectations cover every block of it (a run can join
    /// neighbouring blocks explained by different ones, e.g. an F11 gap next to a ZERO_RANGE): the first one's.</summary>
    private KnownDivergence? Explained(string path, ClassDifference d)
    {
        KnownDivergence? first = null;
        for (long pos = d.First; pos < d.End;)
        {
            var e = _expected.FirstOrDefault(x => x.Explains(path, d with { First = pos, End = pos + 1 }));
            if (e is null) return null;
            first ??= e.Why;
            pos = Math.Min(d.End, e.End);
        }
        return first;
    }

    /// <summary>Whether e2fsck complains only that files given a block-map KEEP_SIZE fallocate past EOF
    /// (<see cref="KnownDivergence.BlockMapBlocksPastEof"/>) should be no larger than that fallocate's end.</summary>
    private bool BlocksPastEofOnly(string report, Ext4Image image)
    {
        var complaints = E2fsckSizeComplaints.Only(report);
        if (complaints is null || complaints.Count == 0) return false;
        var ends = _blocksPastEof.ToDictionary(p => image.LookupPath(p.Key), p => p.Value);
        return complaints.All(c => ends.TryGetValue(c.Inode, out var end) && c.ShouldBe <= end);
    }

    private static byte[] Slice(byte[] a, long offset, int length) => a.AsSpan((int)offset, (int)Math.Min(length, a.Length - offset)).ToArray();

    private void Seen(KnownDivergence k)
    {
        if (!_seen.Contains(k)) _seen.Add(k);
    }

    private void Summary(int steps)
    {
        output.WriteLine(_disagreements.Count == 0
            ? $"summary: {steps} steps; data and sizes agree at every step and on disk"
            : $"summary: {steps} steps; {_disagreements.Count} disagreement(s): {string.Join("; ", _disagreements.Take(5))}{(_disagreements.Count > 5 ? "; ..." : "")}");
        output.WriteLine($"  return values: {_knownErrno} known difference(s), {_unexplainedErrno} unexplained");
        int unknownClasses = _unknownClassRuns.Count;
        output.WriteLine($"  block classes (hole/unwritten/written; addresses are not compared): {_knownClasses + unknownClasses} run(s) differ, {_knownClasses} known, {unknownClasses} unknown");
        foreach (var k in _seen) output.WriteLine($"  known {k.Id}: {k.Why}");
        if (_knownClasses + unknownClasses > 0 || _seen.Count > 0)
            output.WriteLine("  (the live daemon is classic fuse2fs writing through ext2fs_file_write; the model is the RFC's iomap fuse2fs: docs/conform.md)");
    }
}
