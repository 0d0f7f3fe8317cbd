using IomapModel.Ext4;
using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

/// <summary>Which blocks each side allocates beyond what an operation wrote: the model's fuse2fs through F11, the live
/// daemon's libext2fs 1.47.0 through its whole-gap fallocate, and the live mapping that follows from every
/// operation (<see cref="LiveExtentShadow"/>).</summary>
public sealed partial class ConformRun
{
    /// <summary>F11: a write, a fallocate (or a ZERO_RANGE, which punches and then allocates) ending left of the file's first
    /// extent (after that punch) when that extent is unwritten; the model will hold the rest of the gap up to it as
    /// unwritten blocks (the RFC's libext2fs prepends to it, when the blocks physically before it are free).</summary>
    private static ClassExpectation? WholeGapBefore(FileOp op, int n, ModelSide model)
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
            ? new ClassExpectation(op.Path, end, first, CauseId.Of(KnownDivergence.WholeGap), n, BlockClass.Hole, BlockClass.Unwritten) : null;
    }

    /// <summary><see cref="KnownDivergence.DebianWholeGap"/>: a fallocate on an extent file starting left of the live
    /// file's first mapped block makes the live 1.47.0 library fill the gap beyond the range up to that block.</summary>
    private ClassExpectation? LiveWholeGap(FileOp op, int n, ModelSide model)
    {
        if (op is not FileOp.Fallocate { Operation: FallocMode.Allocate } a || a.Length <= 0 || model.ServerFile(a.Path)?.Kind != Ext4FileKind.Extents) return null;
        long bs = model.BlockSize, start = a.Offset / bs, end = (a.Offset + a.Length + bs - 1) / bs;
        return _liveMapped.FirstMapped(a.Path) is long first && start < first && end < first
            ? new ClassExpectation(a.Path, end, first, CauseId.Of(KnownDivergence.DebianWholeGap), n, BlockClass.Unwritten, BlockClass.Hole) : null;
    }

    /// <summary>Follows what an operation that succeeded live did to the live file's mapped blocks (a punch: see
    /// <see cref="LiveExtentShadow.Punched"/>).</summary>
    private void FollowLive(FileOp op, long eof, ModelSide model)
    {
        long bs = model.BlockSize;
        switch (op)
        {
            case FileOp.Write w: _liveMapped.Wrote(w.Path, w.Offset, w.Length, bs); break;
            case FileOp.Fallocate { Operation: FallocMode.ZeroRange } z: _liveMapped.Wrote(z.Path, z.Offset, z.Length, bs); break;
            case FileOp.Fallocate { Operation: FallocMode.Allocate } a: _liveMapped.Fallocated(a.Path, a.Offset, a.Length, bs, unwritten: model.ServerFile(a.Path)?.Kind != Ext4FileKind.BlockMapped); break;
            case FileOp.Truncate t: _liveMapped.Truncated(t.Path, eof, t.Size, bs); break;
        }
    }
}
