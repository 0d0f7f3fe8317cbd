
namespace IomapModel.KernelSim;

/// <summary>
/// A FUSE server in iomap file-IO mode, as the simulated kernel sees it: every request the kernel forwards for a
/// regular file whose data path is iomap (FUSE_IOMAP_BEGIN/END/IOEND plus the file operations that change block
/// mappings or size). Each method is one request/reply round trip and returns 0 or a negative errno, exactly what
/// the server would put in <c>fuse_out_header.error</c>. The kernel validates replies itself
/// (<c>fuse_iomap_begin_validate</c>): a server may return anything and gets the kernel's errno for bad data.
/// <para>Data never passes through the server: the kernel reads and writes <see cref="Devices"/> directly at the
/// addresses the server hands out. Servers that keep the kernel's mapping cache coherent do so through the
/// <see cref="IFuseNotifyChannel"/> they receive in <see cref="Connect"/>.</para>
/// <para>Implementations: <c>ReferenceServer</c> (in memory, fuse2fs-like) here, the ext4-backed mapper in
/// src/Ext4Mapper.</para>
/// </summary>
public interface IFuseIomapServer
{
    /// <summary>The FUSE_IOMAP_CONFIG answer (block size, s_maxbytes), asked once at mount (seed 5709-5963).</summary>
    IomapGeometry Geometry { get; }

    /// <summary>Block devices registered with FUSE_DEV_IOC_IOMAP_DEV_ADD; ids start at 1.</summary>
    IReadOnlyList<IBlockDevice> Devices { get; }

    /// <summary>Mount: the kernel hands the server its notification channel.</summary>
    void Connect(IFuseNotifyChannel kernel);

    /// <summary>FUSE_LOOKUP of a name in the root directory; -ENOENT if absent.</summary>
    int Lookup(string name, out FuseAttr attr);

    /// <summary>FUSE_CREATE of an empty regular file in the root directory (or open of an existing one).</summary>
    int Create(string name, out FuseAttr attr);

    /// <summary>FUSE_IOMAP_BEGIN (opcode 4094, seed 1862-1935): map [pos, pos+count) for <paramref name="inarg"/>.OpFlags.
    /// Writeback arrives as DIRECT|WRITE (0x11).</summary>
    int IomapBegin(ulong nodeId, in FuseIomapBeginIn inarg, out FuseIomapBeginOut outarg);

    /// <summary>FUSE_IOMAP_END (4095, seed 1937-1990): sent for appends (SIZE_CHANGED), short writes and
    /// WANT_IOMAP_END mappings. Errors are ignored by the kernel when something was written.</summary>
    int IomapEnd(ulong nodeId, in FuseIomapEndIn inarg);

    /// <summary>FUSE_IOMAP_IOEND (4093, seed 3430-3500): IO completion; convert unwritten extents, record appends.</summary>
    int IomapIoend(ulong nodeId, in FuseIomapIoendIn inarg);

    /// <summary>FUSE_SETATTR with FATTR_SIZE: the server truncates or extends first; the reply carries the new attrs,
    /// and the kernel then zeroes, truncates its page cache and flushes (seed 4332-4370, 5095-5188).</summary>
    int SetattrSize(ulong nodeId, long size, out FuseAttr attr);

    /// <summary>FUSE_FALLOCATE (mode is KEEP_SIZE, PUNCH_HOLE, ZERO_RANGE or plain allocate). The server deallocates
    /// or allocates whole blocks; the kernel zeroes partial edge blocks itself.</summary>
    int Fallocate(ulong nodeId, FallocMode mode, long offset, long length);

    /// <summary>FUSE_OPEN; <paramref name="truncate"/> for O_TRUNC with atomic_o_trunc (the server sets size 0).</summary>
    int Open(ulong nodeId, bool truncate);

    /// <summary>FUSE_COPY_FILE_RANGE: the server copies the data itself; <paramref name="copied"/> is
    /// fuse_write_out.size (u32).</summary>
    int CopyFileRange(ulong nodeIn, long offIn, ulong nodeOut, long offOut, ulong length, out uint copied);

    /// <summary>FUSE_FSYNC (after the kernel wrote back the dirty data).</summary>
    int Fsync(ulong nodeId, bool datasync);

    /// <summary>FUSE_SYNCFS.</summary>
    int Syncfs();
}
