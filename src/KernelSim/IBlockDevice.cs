namespace IomapModel.KernelSim;

/// <summary>A block device the server registered with FUSE_DEV_IOC_IOMAP_DEV_ADD (seed 2476-2515). The kernel moves file
/// data to and from it directly (bios); the server never sees those bytes.</summary>
public interface IBlockDevice
{
    /// <summary>The device cookie (≥ 1; 0 is FUSE_IOMAP_DEV_NULL).</summary>
    uint Id { get; }

    /// <summary>Size in bytes (bdev_nr_sectors &lt;&lt; 9).</summary>
    ulong Size { get; }

    void Read(ulong addr, Span<byte> buffer);

    void Write(ulong addr, ReadOnlySpan<byte> data);
}
