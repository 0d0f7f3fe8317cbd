namespace IomapModel.Uapi;

/// <summary>
/// <c>struct fuse_iomap_upsert_out</c> (FUSE_NOTIFY_IOMAP_UPSERT = 9, seed 9855-9870): the server pushes a read and a
/// write mapping into the kernel's cache. A fork whose type is <see cref="FuseIomapType.Null"/> is left alone. The wire
/// offsets are u64; the kernel stores them as loff_t, which is what <see cref="FuseIomap.Offset"/> holds.
/// </summary>
public readonly record struct FuseIomapUpsertOut(ulong NodeId, ulong AttrIno, FuseIomap Read, FuseIomap Write)
{
    public const int NotifyCode = 9;

    /// <summary>A read mapping with a NULL write fork over the same range (what fuse2fs sends).</summary>
    public static FuseIomapUpsertOut ReadFork(ulong nodeId, ulong attrIno, FuseIomap read) =>
        new(nodeId, attrIno, read, new FuseIomap(read.Offset, read.Length, FuseIomapConstants.NullAddr,
            FuseIomapType.Null, FuseIomapFlags.None, FuseIomapConstants.DevNull));
}

/// <summary><c>struct fuse_iomap_inval_out</c> (FUSE_NOTIFY_IOMAP_INVAL = 10, seed 9848-9854): drop cached mappings per
/// fork. A length of 0 leaves that fork alone; <c>FUSE_IOMAP_INVAL_TO_EOF</c> (~0) means to the end.</summary>
public readonly record struct FuseIomapInvalOut(
    ulong NodeId, ulong AttrIno, ulong ReadOffset, ulong ReadLength, ulong WriteOffset, ulong WriteLength)
{
    public const int NotifyCode = 10;
}
