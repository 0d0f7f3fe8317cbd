using IomapModel.IextTree;

namespace IomapModel.KernelSim.Uapi;

/// <summary><c>struct fuse_iomap_upsert_out</c> (80 bytes, FUSE_NOTIFY_IOMAP_UPSERT = 9, seed ~9700-9760): a
/// server-initiated upsert of a read and a write mapping into the kernel's cache. A fork whose type is
/// <see cref="FuseIomapType.Null"/> is left alone.</summary>
public readonly record struct FuseIomapUpsertOut(ulong NodeId, ulong AttrIno, FuseIomap Read, FuseIomap Write)
{
    /// <summary>What fuse2fs sends: the read mapping, and a NULL write fork over the same range.</summary>
    public static FuseIomapUpsertOut ReadFork(ulong nodeId, ulong attrIno, FuseIomap read) =>
        new(nodeId, attrIno, read, new FuseIomap(read.Offset, read.Length, FuseIomapConstants.NullAddr,
            FuseIomapType.Null, FuseIomapFlags.None, FuseIomapConstants.DevNull));
}
