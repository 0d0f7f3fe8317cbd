namespace IomapModel.Uapi;

/// <summary><c>struct fuse_iomap_end_in</c> (64 bytes, seed lines 1575-1588). <paramref name="Count"/> is the op length
/// trimmed to this mapping, <paramref name="Written"/> the bytes processed in this iteration; <paramref name="MapDev"/>
/// is never filled by the kernel (always 0).</summary>
public readonly record struct FuseIomapEndIn(
    FuseIomapOp OpFlags, ulong AttrIno, ulong Pos, ulong Count, long Written,
    ulong MapLength, ulong MapAddr, FuseIomapType MapType, FuseIomapFlags MapFlags, uint MapDev)
{
    /// <summary>The i_size a buffered append leaves when the server records it at iomap_end, as fuse2fs's
    /// <c>fuse2fs_iomap_append_setsize</c> does (seed 16644-16712): only for a buffered write that changed the size
    /// and wrote something; otherwise <paramref name="size"/> unchanged.</summary>
    public long SizeAfterBufferedAppend(long size) =>
        (OpFlags & FuseIomapOp.Write) != 0 && (OpFlags & FuseIomapOp.Direct) == 0 &&
        (MapFlags & FuseIomapFlags.SizeChanged) != 0 && Written > 0
            ? Math.Max(size, (long)Pos + Written)
            : size;
}
