namespace IomapModel.Uapi;

/// <summary><c>struct fuse_iomap_begin_out</c> (48 bytes, seed lines 1560-1573): one file range and two mappings.
/// Every number is in bytes; addresses are byte offsets on the device named by the 32-bit cookie.
/// A write type of <see cref="FuseIomapType.PureOverwrite"/> means "use the read mapping"; a read type of
/// <see cref="FuseIomapType.Null"/> means "I upserted into your cache, look again" (seed 9230-9260).</summary>
public readonly record struct FuseIomapBeginOut(
    ulong Offset, ulong Length,
    ulong ReadAddr, FuseIomapType ReadType, FuseIomapFlags ReadFlags, uint ReadDev,
    ulong WriteAddr, FuseIomapType WriteType, FuseIomapFlags WriteFlags, uint WriteDev)
{
    /// <summary>A reply whose write mapping is PURE_OVERWRITE (null address, no device).</summary>
    public static FuseIomapBeginOut ReadOnly(ulong offset, ulong length, ulong addr, FuseIomapType type, FuseIomapFlags flags, uint dev) =>
        new(offset, length, addr, type, flags, dev,
            FuseIomapConstants.NullAddr, FuseIomapType.PureOverwrite, FuseIomapFlags.None, FuseIomapConstants.DevNull);

    /// <summary>fuse2fs's cached reply: both mappings NULL over the computed range (seed 17497-17546).</summary>
    public static FuseIomapBeginOut NullReply(ulong offset, ulong length) =>
        new(offset, length, FuseIomapConstants.NullAddr, FuseIomapType.Null, FuseIomapFlags.None, FuseIomapConstants.DevNull,
            FuseIomapConstants.NullAddr, FuseIomapType.Null, FuseIomapFlags.None, FuseIomapConstants.DevNull);
}
