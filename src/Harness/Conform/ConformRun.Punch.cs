using IomapModel.Ext4;
using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

/// <summary>What a hole punch meets on the live side beyond what it asked for: classic fuse2fs 1.47.0's sub-block
/// arithmetic (<see cref="KnownDivergence.SubBlockPunch"/>) and libext2fs's <c>ext2fs_punch</c> on block maps
/// (findings F17), in both directions, in both modes (the live daemon's library has them whatever the model does).</summary>
public sealed partial class ConformRun
{
    /// <summary><see cref="KnownDivergence.SubBlockPunch"/>: classic fuse2fs left the block a punch starts and ends
    /// in either untouched or (block 0) unmapped; when its bytes then differ from the model's, the live block gets the
    /// model's bytes (up to the block's end or EOF), so both sides go on from the same data; the block may differ in
    /// class.</summary>
    private string RealignSubBlockPunch(int n, FileOp.Fallocate p, LiveSide live, ModelSide model, List<Cover> covers)
    {
        long block = p.Offset / model.BlockSize;
        var why = CauseId.Of(KnownDivergence.SubBlockPunch);
        _expected.Add(new ClassExpectation(p.Path, block, block + 1, why, n));
        long end = Math.Min(p.Offset + model.BlockSize, model.SizeOf(p.Path) ?? 0);
        if (end <= p.Offset) return "";
        var bytes = model.Read(p.Path, p.Offset, (int)(end - p.Offset));
        if (live.Read(p.Path, p.Offset, bytes.Length).AsSpan().SequenceEqual(bytes)) return "";
        int err = live.WriteBytes(p.Path, p.Offset, bytes);
        if (err == 0) _liveMapped.Wrote(p.Path, p.Offset, end - p.Offset, model.BlockSize);
        _causes.Meet(why, n);
        covers.Add(new(why, p.Path, p.Offset, end));
        return $"(known: {KnownDivergence.SubBlockPunch.Id}; live realigned: {(err == 0 ? "the block rewritten with the model's bytes" : "rewriting the block failed: " + FuseErrno.Show(err))}); ";
    }

    /// <summary>F17's region-boundary half: <c>ext2fs_punch</c> stopped at a block-map region boundary and left whole
    /// blocks of the range mapped live (<see cref="LivePunch.LeftMapped"/>), where they show their old bytes; the RFC
    /// kernel zeroes every byte of the range it punched (<c>fuse_iomap_punch_range</c> → <c>iomap_zero_range</c>), and
    /// the model as intended unmapped them. The live side is realigned by writing those zeros (O_DIRECT).</summary>
    private string RealignLeftMapped(int n, FileOp.Fallocate p, LivePunch punch, LiveSide live, ModelSide model, List<Cover> covers)
    {
        long bs = model.BlockSize, size = live.SizeOf(p.Path) ?? 0;
        var ranges = punch.LeftMapped.Select(b => (First: Math.Max(b.First * bs, p.Offset), End: Math.Min(Math.Min(b.End * bs, p.Offset + p.Length), size)))
            .Where(r => r.First < r.End).ToList();
        var why = CauseId.Of(KnownDivergence.IndirectPunchFreesBeyond);
        foreach (var b in punch.LeftMapped) _expected.Add(new ClassExpectation(p.Path, b.First, b.End, why, n));
        var stale = ranges.Where(r => live.Read(p.Path, r.First, (int)(r.End - r.First)).AsSpan().ContainsAnyExcept((byte)0)).ToList();
        if (stale.Count == 0) return "";
        _causes.Meet(why, n);
        int err = stale.Select(r => live.WriteBytes(p.Path, r.First, new byte[r.End - r.First])).FirstOrDefault(e => e != 0);
        foreach (var r in stale) covers.Add(new(why, p.Path, r.First, r.End));
        return $"(known: {KnownDivergence.IndirectPunchFreesBeyond.Id}: blocks of the range left mapped; live realigned: " +
            $"{(err == 0 ? "zeros written" : "writing zeros failed: " + FuseErrno.Show(err))}); ";
    }

    /// <summary>F17's other half: <c>ext2fs_punch</c> freed mapped blocks outside the range. Live
    /// (<see cref="LivePunch.FreedBeyond"/>) they read zeros from then on; where the model's data there differ, the
    /// comparison attributes them to F17 and realigns the live side. In the model (its fuse2fs uses the same library,
    /// with the RFC v3 quirks) the disk lost them too, but the RFC kernel dropped only the punched range from its page
    /// cache, so their clean pages still show the old bytes: they are dropped, as reclaim would, and the file is read
    /// again from the disk.</summary>
    private string FreedBeyond(int n, FileOp.Fallocate p, LivePunch punch, List<(long First, long End)>? modelBefore, int mr, LiveSide live, ModelSide model, List<Cover> covers)
    {
        long bs = model.BlockSize;
        var why = CauseId.Of(KnownDivergence.IndirectPunchFreesBeyond);
        long first = (p.Offset + bs - 1) / bs, end = (p.Offset + p.Length) / bs;
        var modelFreed = mr == 0 && modelBefore is not null && BlockMapRuns(p.Path, model) is { } after
            ? modelBefore.SelectMany(b => BlockRanges.Minus(b, [.. after, (first, end)])).ToList() : [];
        var freed = punch.FreedBeyond.Concat(modelFreed).ToList();
        foreach (var (f, e) in freed)
        {
            covers.Add(new(why, p.Path, f * bs, e * bs, LiveZeros: true));
            _expected.Add(new ClassExpectation(p.Path, f, e, why, n));
        }
        // The RFC kernel still maps them in its iomap cache: dirty pages there are written back into the freed blocks,
        // so the model's disk may keep losing what its page cache showed.
        foreach (var (f, e) in modelFreed) _diskCovers.Add(new(why, p.Path, f * bs, e * bs));
        if (modelFreed.Count == 0) return "";
        long size = model.SizeOf(p.Path) ?? 0;
        bool stale = modelFreed.Any(b => b.First * bs < size && !live.Read(p.Path, b.First * bs, (int)(Math.Min(b.End * bs, size) - b.First * bs)).AsSpan()
            .SequenceEqual(model.Read(p.Path, b.First * bs, (int)(Math.Min(b.End * bs, size) - b.First * bs))));
        model.EvictClean(p.Path);
        if (!stale) return "";
        _causes.Meet(why, n);
        return $"(known: {KnownDivergence.IndirectPunchFreesBeyond.Id}: blocks beyond the range freed; model realigned: clean pages dropped, as reclaim would); ";
    }

    /// <summary>The mapped block runs of a block-mapped model file (null for any other), before and after a punch.</summary>
    private static List<(long First, long End)>? BlockMapRuns(string path, ModelSide model) =>
        model.ServerFile(path) is { Kind: Ext4FileKind.BlockMapped } f ? [.. f.Extents.Select(e => (e.LogicalBlock, e.EndBlock))] : null;
}
