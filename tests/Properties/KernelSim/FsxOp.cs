namespace IomapModel.Properties.KernelSim;

public enum FsxKind
{
    Write, MmapWrite, DirectWrite, Read, DirectRead, Truncate, Allocate, AllocateKeepSize, PunchHole, ZeroRange,
    CollapseRange, InsertRange, OpenTrunc, CopyRange, Fsync, Syncfs, Evict,
}

/// <summary>One fsx-style operation on file <see cref="File"/> (0 or 1); A, B, C are raw numbers the runner folds
/// into offsets, lengths and fill bytes that fit the file.</summary>
public sealed record FsxOp(FsxKind Kind, int File, int A, int B, int C)
{
    public override string ToString() => $"{Kind}(f{File},{A},{B},{C})";
}

/// <summary>A generated run: the scheduler seed (interleaving of the user with writeback, eviction, ioend completion
/// and, optionally, a remapping server) and the user's operations.</summary>
public sealed record FsxWorkload(int Seed, FsxOp[] Ops)
{
    public override string ToString() => $"seed={Seed} ops=[{string.Join(", ", Ops.Select(o => o.ToString()))}]";
}
