namespace IomapModel.IomapCache;

/// <summary>An inode as the notify handlers find it by node id: its <c>orig_ino</c>, whether it went bad, its cache.</summary>
public sealed record IomapInode(ulong NodeId, ulong AttrIno, IomapCache Cache)
{
    /// <summary><c>fuse_is_bad</c>.</summary>
    public bool IsBad { get; set; }
}

/// <summary>
/// The connection-side state the notifications need (<c>fc->iomap</c>, the registered devices, the inode table) and
/// the two handlers <c>fuse_iomap_upsert</c> and <c>fuse_iomap_inval</c> (seed 9943-10277), validating in the seed's
/// order and returning its errno. On a validation error nothing changes, not even the counter.
/// </summary>
public sealed class FuseIomapConnection(IomapDeviceTable devices)
{
    private readonly Dictionary<ulong, IomapInode> _inodes = [];

    /// <summary><c>fc->iomap</c>: the server negotiated iomap.</summary>
    public bool IomapEnabled { get; set; } = true;

    public IomapDeviceTable Devices { get; } = devices;

    public IomapInode AddInode(ulong nodeId, ulong attrIno, IomapCache cache) => _inodes[nodeId] = new IomapInode(nodeId, attrIno, cache);

    public bool TryGetInode(ulong nodeId, out IomapInode inode) => _inodes.TryGetValue(nodeId, out inode!);

    public void ForgetInode(ulong nodeId) => _inodes.Remove(nodeId);

    /// <summary><c>fuse_iomap_upsert</c>.</summary>
    public int NotifyUpsert(in FuseIomapUpsertOut outarg)
    {
        if (!IomapEnabled)
            return -FuseErrno.EINVAL;
        var ret = ValidateUpsert(outarg);
        if (ret != 0)
            return ret;
        if (!_inodes.TryGetValue(outarg.NodeId, out var inode))
            return -FuseErrno.ESTALE;
        inode.Cache.Tracepoints?.Upsert(outarg);
        if (inode.AttrIno != outarg.AttrIno)
            return -FuseErrno.EINVAL;
        if (inode.IsBad)
            return -FuseErrno.EIO;

        var cache = inode.Cache;
        if ((ret = ValidateRange(cache.Geometry, outarg.Read)) != 0 || (ret = ValidateRange(cache.Geometry, outarg.Write)) != 0)
            return ret;

        // The cache bit goes on before the upserts, so it stays on even if they fail.
        if (cache.EnableCache())
            cache.Tracepoints?.CacheEnable();
        if (outarg.Read.Type != FuseIomapType.Null && (ret = cache.Upsert(IomapFork.Read, outarg.Read)) != 0)
            return ret;
        if (outarg.Write.Type != FuseIomapType.Null && (ret = cache.Upsert(IomapFork.Write, outarg.Write)) != 0)
            return ret;
        return 0;
    }

    /// <summary><c>fuse_iomap_inval</c>. Unlike upsert it does not check <c>attr_ino</c>, nor that a range fits in u64.</summary>
    public int NotifyInval(in FuseIomapInvalOut outarg)
    {
        if (!IomapEnabled)
            return -FuseErrno.EINVAL;
        if (!_inodes.TryGetValue(outarg.NodeId, out var inode))
            return -FuseErrno.ESTALE;
        inode.Cache.Tracepoints?.Inval(outarg);
        if (inode.IsBad)
            return -FuseErrno.EIO;

        var cache = inode.Cache;
        int ret = 0, ret2 = 0;
        if (outarg.WriteLength != 0)
            ret = ValidateInval(cache.Geometry, outarg.WriteOffset, outarg.WriteLength);
        if (outarg.ReadLength != 0)
            ret2 = ValidateInval(cache.Geometry, outarg.ReadOffset, outarg.ReadLength);
        if (ret != 0 || ret2 != 0)
            return ret != 0 ? ret : ret2;

        if (outarg.ReadLength != 0)
            ret2 = cache.Remove(IomapFork.Read, unchecked((long)outarg.ReadOffset), outarg.ReadLength);
        if (outarg.WriteLength != 0)
            ret = cache.Remove(IomapFork.Write, unchecked((long)outarg.WriteOffset), outarg.WriteLength);
        return ret != 0 ? ret : ret2;
    }

    /// <summary><c>fuse_iomap_upsert_validate</c>: types and flags (write fork first), lengths, u64 overflow, the
    /// per-fork address/device rules, then each fork's device and device bounds.</summary>
    private int ValidateUpsert(in FuseIomapUpsertOut o)
    {
        if (!IomapMappingChecks.CheckType(o.Write.Type))
            return -FuseErrno.EIO;
        if (!IomapMappingChecks.CheckFlags(o.Write.Flags))
            return -FuseErrno.EIO;
        if (!IomapMappingChecks.CheckType(o.Read.Type))
            return -FuseErrno.EIO;
        if (!IomapMappingChecks.CheckFlags(o.Read.Flags))
            return -FuseErrno.EIO;
        if (o.Read.Length == 0 || o.Write.Length == 0)
            return -FuseErrno.EIO;
        if (IomapMappingChecks.AddOverflows(unchecked((ulong)o.Read.Offset), o.Read.Length) ||
            IomapMappingChecks.AddOverflows(unchecked((ulong)o.Write.Offset), o.Write.Length))
            return -FuseErrno.EIO;

        if (o.Read.Type == FuseIomapType.PureOverwrite)
            return -FuseErrno.EIO; // "pure overwrite" only for the write mapping
        int ret;
        if ((ret = CheckAddrDev(o.Read)) != 0 || (ret = CheckAddrDev(o.Write)) != 0)
            return ret;

        return (ret = ValidateForkDev(o.Read)) != 0 ? ret : ValidateForkDev(o.Write);
    }

    /// <summary>One fork's device lookup and device bounds; a NULL fork passes.</summary>
    private int ValidateForkDev(in FuseIomap map)
    {
        if (map.Type == FuseIomapType.Null)
            return 0;
        var ret = Devices.FindDev(map.Type, map.Dev, out var found, out var size);
        return ret != 0 ? ret : ValidateDev(found, size, map);
    }

    /// <summary>Real types need a device and an address; the others may have neither. NULL is ignored.</summary>
    private static int CheckAddrDev(in FuseIomap map)
    {
        switch (map.Type)
        {
            case FuseIomapType.Mapped:
            case FuseIomapType.Unwritten:
                return map.Dev == FuseIomapConstants.DevNull || map.Addr == FuseIomapConstants.NullAddr ? -FuseErrno.EIO : 0;
            case FuseIomapType.PureOverwrite:
            case FuseIomapType.Delalloc:
            case FuseIomapType.Hole:
            case FuseIomapType.Inline:
                return map.Dev != FuseIomapConstants.DevNull || map.Addr != FuseIomapConstants.NullAddr ? -FuseErrno.EIO : 0;
            case FuseIomapType.Null:
                return 0;
            default:
                return -FuseErrno.EIO;
        }
    }

    /// <summary><c>fuse_iomap_upsert_validate_dev</c>: without a device the address must be null; with one, the range
    /// must not overflow and must end within the device.</summary>
    private static int ValidateDev(bool found, ulong deviceBytes, in FuseIomap map)
    {
        if (!found)
            return map.Addr != FuseIomapConstants.NullAddr ? -FuseErrno.EIO : 0;
        if (map.Addr == FuseIomapConstants.NullAddr || IomapMappingChecks.AddOverflows(map.Addr, map.Length))
            return -FuseErrno.EIO;
        return unchecked(map.Addr + map.Length) > deviceBytes ? -FuseErrno.EIO : 0;
    }

    /// <summary><c>fuse_iomap_upsert_validate_range</c>: the offset is a signed loff_t here, so an offset of 2^63 or more
    /// passes the maxbytes test as a negative number (docs/findings.md). A NULL fork is not checked.</summary>
    private static int ValidateRange(IomapGeometry geometry, in FuseIomap map)
    {
        if (map.Type == FuseIomapType.Null)
            return 0;
        if (map.Offset >= geometry.MaxBytes)
            return -FuseErrno.EIO;
        if (!geometry.IsAligned(unchecked((ulong)map.Offset)) || !geometry.IsAligned(map.Length))
            return -FuseErrno.EIO;
        return 0;
    }

    /// <summary><c>fuse_iomap_inval_validate</c>: here the offset is a u64, compared unsigned with maxbytes.</summary>
    private static int ValidateInval(IomapGeometry geometry, ulong offset, ulong length)
    {
        if (offset >= unchecked((ulong)geometry.MaxBytes))
            return -FuseErrno.EIO;
        if (!geometry.IsAligned(offset))
            return -FuseErrno.EIO;
        if (length != FuseIomapConstants.InvalToEof && !geometry.IsAligned(length))
            return -FuseErrno.EIO;
        return 0;
    }
}
