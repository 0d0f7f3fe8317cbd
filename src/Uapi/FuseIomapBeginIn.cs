namespace IomapModel.Uapi;

/// <summary><c>struct fuse_iomap_begin_in</c> (32 bytes, seed lines 1552-1558): the FUSE_IOMAP_BEGIN request.
/// <paramref name="Count"/> is the remaining length of the whole operation, not trimmed to any mapping.</summary>
public readonly record struct FuseIomapBeginIn(FuseIomapOp OpFlags, ulong AttrIno, ulong Pos, ulong Count);
