using IomapModel.KernelSim.Cache;
using IomapModel.KernelSim.PageCache;
using IomapModel.KernelSim.Scheduling;

namespace IomapModel.KernelSim.Kernel;

/// <summary>A regular file in iomap FILEIO mode: node id, attr ino (<c>fi-&gt;orig_ino</c>), the in-core size (the kernel
/// owns i_size for FILEIO inodes), the page cache, the mapping cache, the locks and the pending ioends.</summary>
public sealed class SimInode
{
    internal SimInode(string name, ulong nodeId, ulong attrIno, long size, uint pageSize, uint blockSize, IKernelIomapCache cache)
    {
        Name = name; NodeId = nodeId; AttrIno = attrIno; Size = size;
        Pages = new AddressSpace(pageSize, blockSize);
        Cache = cache;
    }

    public string Name { get; }
    public ulong NodeId { get; }
    public ulong AttrIno { get; }

    /// <summary>i_size.</summary>
    public long Size { get; internal set; }
    public AddressSpace Pages { get; }
    public IKernelIomapCache Cache { get; internal set; }
    public SimRwLock IRwsem { get; } = new("i_rwsem");
    public SimRwLock InvalidateLock { get; } = new("invalidate_lock");

    /// <summary><c>fi-&gt;ioend_list</c>: completed bios waiting for the ioend worker.</summary>
    internal List<Ioend> IoendList { get; } = [];

    /// <summary>Set while a truncate has told the server (FUSE_SETATTR) but not yet run truncate_setsize: the server
    /// may already have freed the blocks from here on (seed-iomap.md §8 item 12).</summary>
    public long? TruncateWindowFrom { get; internal set; }

    /// <summary>The last writeback error (mapping_set_error), reported and cleared by fsync.</summary>
    public int MappingError { get; internal set; }
}
