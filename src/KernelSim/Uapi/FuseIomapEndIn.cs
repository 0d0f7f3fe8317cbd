using IomapModel.IextTree;

namespace IomapModel.KernelSim.Uapi;

/// <summary><c>struct fuse_iomap_end_in</c> (64 bytes, seed lines 1575-1588). <paramref name="Count"/> is the op length
/// trimmed to this mapping, <paramref name="Written"/> the bytes processed in this iteration; <paramref name="MapDev"/>
/// is never filled by the kernel (always 0).</summary>
public readonly record struct FuseIomapEndIn(
    FuseIomapOp OpFlags, ulong AttrIno, ulong Pos, ulong Count, long Written,
    ulong MapLength, ulong MapAddr, FuseIomapType MapType, FuseIomapFlags MapFlags, uint MapDev);
