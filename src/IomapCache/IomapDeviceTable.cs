namespace IomapModel.IomapCache;

/// <summary>The block devices a server registered for iomap (<c>FUSE_DEV_IOC_IOMAP_DEV_ADD</c>), by device cookie, with
/// their sizes in bytes (<c>bdev_nr_sectors &lt;&lt; SECTOR_SHIFT</c>).</summary>
public sealed class IomapDeviceTable
{
    private readonly Dictionary<uint, ulong> _sizes = [];

    public void Register(uint id, ulong sizeBytes) => _sizes[id] = sizeBytes;

    public bool TryGetSize(uint id, out ulong sizeBytes) => _sizes.TryGetValue(id, out sizeBytes);

    public IEnumerable<(uint Id, ulong Size)> Devices => _sizes.Select(kv => (kv.Key, kv.Value));

    /// <summary><c>fuse_iomap_find_dev</c>: looks the cookie up when it is not DEV_NULL and below INT_MAX; a MAPPED or
    /// UNWRITTEN mapping without a registered device is -EIO. Returns 0 and whether a device was found.</summary>
    public int FindDev(FuseIomapType type, uint dev, out bool found, out ulong sizeBytes)
    {
        found = false;
        sizeBytes = 0;
        if (dev != FuseIomapConstants.DevNull && dev < int.MaxValue)
            found = _sizes.TryGetValue(dev, out sizeBytes);
        if (FuseIomapConstants.IsRealType(type) && !found)
            return -FuseErrno.EIO;
        return 0;
    }
}
