namespace IomapModel.Uapi;

/// <summary>The parts of <c>struct fuse_attr</c>/<c>fuse_entry_out</c> the simulator uses: the node id, the attr
/// ino the iomap requests carry, the size, and whether the inode does file IO through iomap
/// (<c>FUSE_ATTR_IOMAP_FILEIO</c>).</summary>
public readonly record struct FuseAttr(ulong NodeId, ulong Ino, long Size, bool IomapFileIo = true);
