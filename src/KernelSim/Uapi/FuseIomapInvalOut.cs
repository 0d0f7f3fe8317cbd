namespace IomapModel.KernelSim.Uapi;

/// <summary><c>struct fuse_iomap_inval_out</c> (48 bytes, FUSE_NOTIFY_IOMAP_INVAL = 10): drop cached mappings per
/// fork. A length of 0 leaves that fork alone; <c>FUSE_IOMAP_INVAL_TO_EOF</c> (~0) means to the end.</summary>
public readonly record struct FuseIomapInvalOut(
    ulong NodeId, ulong AttrIno, ulong ReadOffset, ulong ReadLength, ulong WriteOffset, ulong WriteLength);
