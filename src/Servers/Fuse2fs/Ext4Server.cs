using IomapModel.Ext4;
using IomapModel.IextTree;
using IomapModel.IomapCache;
using IomapModel.KernelSim;

namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// A fuse2fs-like FUSE iomap server over a real ext4 image, in FILEIO mode with "enable caching of iomaps" (seed
/// 14639-17546). Read and report mappings are <see cref="Fuse2fsMapping"/>'s answers; writes into holes allocate
/// unwritten extents from the image's free-space bitmap (<c>fuse2fs_iomap_write_allocate</c>); FUSE_IOMAP_IOEND
/// converts them and records appends (<c>op_iomap_ioend</c>); FUSE_IOMAP_END records buffered appends
/// (<c>op_iomap_end</c>); SETATTR, FALLOCATE and O_TRUNC punch, zero and allocate as fuse2fs's helpers do. Every
/// mapping is upserted into the kernel's read fork and the reply is NULL; fuse2fs never invalidates.
/// <para>All changes live in memory: the bitmaps, the per-inode extent lists and the device's copy-on-write overlay.
/// The image is opened read only and never written. Files live in the root directory; node id = inode number.</para>
/// </summary>
public sealed class Ext4Server : IFuseIomapServer, IServerInspection
{
    private readonly Ext4Image _image;
    private readonly Dictionary<ulong, Ext4ServerFile> _files = [];
    private readonly Dictionary<string, uint> _names = [];
    private readonly Ext4Fallocate _fallocate;
    private readonly Ext4Punch _punch;
    private readonly uint _bs;
    private IFuseNotifyChannel? _kernel;

    /// <param name="image">The image (not disposed by the server).</param>
    /// <param name="quirks">Seed behaviour by default.</param>
    /// <param name="cacheIomaps">"fuse2fs: enable caching of iomaps" (seed 17497-17546): upsert and reply NULL.</param>
    public Ext4Server(Ext4Image image, Fuse2fsQuirks? quirks = null, bool cacheIomaps = true)
    {
        _image = image;
        _bs = image.BlockSize;
        Quirks = quirks ?? Fuse2fsQuirks.Seed;
        CacheIomaps = cacheIomaps;
        Device = new Ext4ImageDevice(image);
        Blocks = Ext4BlockBitmap.Load(image);
        Inodes = Ext4InodeBitmap.Load(image);
        _fallocate = new Ext4Fallocate(Blocks, image.Superblock, Device, Quirks);
        _punch = new Ext4Punch(Blocks, Quirks, System.Numerics.BitOperations.Log2(_bs));
        Geometry = new IomapGeometry(_bs, MaxSize(image.Superblock));
        foreach (var e in image.ReadDirectory(Ext4Image.RootIno))
            if (e.Name is not "." and not "..") _names[e.Name] = e.Ino;
    }

    public Fuse2fsQuirks Quirks { get; }
    public bool CacheIomaps { get; }
    public Ext4ImageDevice Device { get; }
    public Ext4BlockBitmap Blocks { get; }
    public Ext4InodeBitmap Inodes { get; }
    public IomapGeometry Geometry { get; }
    public IReadOnlyList<IBlockDevice> Devices => [Device];

    /// <summary>The in-memory state of an inode the kernel has looked up or created.</summary>
    public Ext4ServerFile File(ulong nodeId) => _files[nodeId];

    public void Connect(IFuseNotifyChannel kernel) => _kernel = kernel;

    /// <summary><c>fuse2fs_max_size</c> (seed 15540-15575) with the kernel's MAX_LFS_FILESIZE as the upper limit.</summary>
    private static long MaxSize(Ext4Superblock sb)
    {
        int blocklog = System.Numerics.BitOperations.Log2(sb.BlockSize);
        long upper = long.MaxValue;
        if ((sb.RoCompat & Ext4RoCompatFeatures.HugeFile) == 0) upper = (((1L << 32) - 1) >> (blocklog - 9)) << blocklog;
        return Math.Min(((1L << 32) - 1) << blocklog, upper);
    }

    public int Lookup(string name, out FuseAttr attr)
    {
        attr = default;
        if (!_names.TryGetValue(name, out uint ino)) return -FuseErrno.ENOENT;
        if (!_files.TryGetValue(ino, out var f))
        {
            var inode = _image.ReadInode(ino);
            var layout = _image.ReadLayout(inode);
            f = new Ext4ServerFile(ino, layout.Kind, layout.Size, layout.Extents, layout.InlineSize) { IsRegular = inode.IsRegular };
            _files[ino] = f;
        }
        attr = new FuseAttr(ino, ino, f.Size, f.IsRegular);
        return 0;
    }

    /// <summary><c>op_create</c>: a new inode from the inode bitmap, an empty extent tree when the fs has extents.</summary>
    public int Create(string name, out FuseAttr attr)
    {
        if (Lookup(name, out attr) == 0) return 0;
        uint ino = Inodes.Allocate(Ext4Image.RootIno);
        if (ino == 0) return -FuseErrno.ENOSPC;
        var kind = _image.Superblock.Has(Ext4IncompatFeatures.Extents) ? Ext4FileKind.Extents : Ext4FileKind.BlockMapped;
        _files[ino] = new Ext4ServerFile(ino, kind, 0, [], 0) { IsRegular = true };
        _names[name] = ino;
        attr = new FuseAttr(ino, ino, 0);
        return 0;
    }

    /// <summary><c>op_iomap_begin</c> (seed 15238-15290, 16173-16200, 17514-17545).</summary>
    public int IomapBegin(ulong nodeId, in FuseIomapBeginIn inarg, out FuseIomapBeginOut outarg)
    {
        outarg = default;
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        FuseIomap map;
        int ret = (inarg.OpFlags & FuseIomapOp.Report) == 0 && (inarg.OpFlags & (FuseIomapOp.Write | FuseIomapOp.Zero)) != 0
            ? BeginWrite(f, inarg.Pos, inarg.Count, inarg.OpFlags, out map)
            : BeginRead(f, inarg.Pos, inarg.Count, out map);
        if (ret != 0) return ret;
        if (!CacheIomaps || _kernel == null)
        {
            outarg = FuseIomapBeginOut.ReadOnly((ulong)map.Offset, map.Length, map.Addr, map.Type, map.Flags, map.Dev);
            return 0;
        }
        // The library default write mapping (pos, count), its type set to NULL: "leave the write fork alone".
        var write = new FuseIomap((long)inarg.Pos, inarg.Count, FuseIomapConstants.NullAddr, FuseIomapType.Null,
            FuseIomapFlags.None, FuseIomapConstants.DevNull);
        int err = _kernel.NotifyIomapUpsert(new FuseIomapUpsertOut(nodeId, inarg.AttrIno, map, write));
        if (err != 0) return Quirks.UpsertErrorIsErange ? -FuseErrno.ERANGE : err;
        outarg = FuseIomapBeginOut.NullReply((ulong)map.Offset, map.Length);
        return 0;
    }

    /// <summary><c>fuse2fs_iomap_begin_read</c> / <c>_report</c>: both dispatch on inline, extents, block map; the
    /// io_channel flush between them is a no-op in FILEIO mode.</summary>
    private int BeginRead(Ext4ServerFile f, ulong pos, ulong count, out FuseIomap map)
    {
        map = Fuse2fsMapping.Begin(f.Layout(), _bs, pos, count, Device.Id, Quirks);
        return 0;
    }

    /// <summary><c>fuse2fs_iomap_begin_write</c> (seed 16110-16160): EFBIG past the largest file, else the read
    /// mapping; a hole (unless zeroing) is allocated and mapped again.</summary>
    private int BeginWrite(Ext4ServerFile f, ulong pos, ulong count, FuseIomapOp op, out FuseIomap map)
    {
        map = default;
        ulong max = MaxFileSize(f);
        unchecked
        {
            if (pos >= max) return -FuseErrno.EFBIG;
            if (pos >= max - count) count = max - pos;
        }
        BeginRead(f, pos, count, out map);
        if (map.Type != FuseIomapType.Hole || (op & FuseIomapOp.Zero) != 0) return 0;
        return WriteAllocate(f, pos, count, out map);
    }

    /// <summary><c>fuse2fs_iomap_write_allocate</c> (seed 16076-16110): unwritten blocks for [pos, pos+count), then
    /// the new mapping with F_DIRTY.</summary>
    private int WriteAllocate(Ext4ServerFile f, ulong pos, ulong count, out FuseIomap map)
    {
        map = default;
        long start = (long)(pos / _bs), stop = (long)((pos + count + _bs - 1) / _bs);
        if (!CanAllocate((ulong)(stop - start))) return -FuseErrno.ENOSPC;
        int err = _fallocate.Allocate(f, start, stop - start, forceUninit: true);
        if (err != 0) return err;
        BeginRead(f, pos, count, out map);
        map = map with { Flags = map.Flags | FuseIomapFlags.Dirty };
        return 0;
    }

    /// <summary><c>fuse2fs_max_file_size</c> (seed 16112-16128): the last byte an extent or block map can address.</summary>
    private ulong MaxFileSize(Ext4ServerFile f)
    {
        ulong maxBlock;
        if (f.Kind == Ext4FileKind.Extents) maxBlock = (1UL << 32) - 1;
        else
        {
            ulong apb = _bs >> 2;
            maxBlock = 12 + apb + apb * apb + apb * apb * apb;
        }
        return maxBlock * _bs + (_bs - 1);
    }

    /// <summary><c>fs_can_allocate</c>: never dip into the reserve (s_r_blocks_count, or a tenth of the disk).</summary>
    private bool CanAllocate(ulong num)
    {
        var sb = _image.Superblock;
        if (num > sb.BlocksCount) return false;
        ulong reserved = sb.ReservedBlocksCount != 0 ? sb.ReservedBlocksCount : sb.BlocksCount / 10;
        return Blocks.FreeCount > reserved + num;
    }

    /// <summary><c>op_iomap_end</c> (seed 16644-16712): a buffered append sets the on-disk size right away.</summary>
    public int IomapEnd(ulong nodeId, in FuseIomapEndIn inarg)
    {
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        f.Size = inarg.SizeAfterBufferedAppend(f.Size);
        return 0;
    }

    /// <summary><c>op_iomap_ioend</c> (seed 16489-16590): convert unwritten, then grow i_size for appends.</summary>
    public int IomapIoend(ulong nodeId, in FuseIomapIoendIn inarg)
    {
        if (inarg.Error != 0) return inarg.Error;
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        if ((inarg.IoendFlags & FuseIomapIoendFlags.Shared) != 0 || inarg.NewAddr != FuseIomapConstants.NullAddr)
            return -FuseErrno.EUCLEAN;   // EXT2_ET_FILESYSTEM_CORRUPTED
        if ((inarg.IoendFlags & FuseIomapIoendFlags.Unwritten) != 0)
        {
            if (f.Kind != Ext4FileKind.Extents) return -FuseErrno.EUCLEAN;
            int err = Ext4UnwrittenConversion.Convert(f, _bs, inarg.Pos, inarg.Written);
            if (err != 0) return err;
        }
        if ((inarg.IoendFlags & FuseIomapIoendFlags.Append) != 0 && (long)(inarg.Pos + inarg.Written) > f.Size)
            f.Size = (long)(inarg.Pos + inarg.Written);
        return 0;
    }

    /// <summary><c>truncate_helper</c> → <c>ext2fs_file_set_size2</c>: set i_size; blocks past the new last block
    /// are punched only when the file shrinks by at least a block.</summary>
    public int SetattrSize(ulong nodeId, long size, out FuseAttr attr)
    {
        attr = default;
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        if (size > 0 && (ulong)(size - 1) / _bs > (f.Kind == Ext4FileKind.Extents ? (1UL << 32) - 1 : MaxFileSize(f) / _bs))
            return -FuseErrno.EFBIG;
        long truncateBlock = (size + _bs - 1) / _bs, oldTruncate = (f.Size + _bs - 1) / _bs;
        f.Size = size;
        if (truncateBlock < oldTruncate) _punch.Punch(f, truncateBlock, long.MaxValue);
        attr = new FuseAttr(nodeId, nodeId, f.Size);
        return 0;
    }

    /// <summary><c>op_fallocate</c>: ZERO_RANGE is punch then allocate, PUNCH_HOLE needs KEEP_SIZE, anything else
    /// allocates.</summary>
    public int Fallocate(ulong nodeId, FallocMode mode, long offset, long length)
    {
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        if ((mode & ~(FallocMode.ZeroRange | FallocMode.PunchHole | FallocMode.KeepSize)) != 0) return -FuseErrno.EOPNOTSUPP;
        if ((mode & FallocMode.ZeroRange) != 0)
        {
            int err = PunchRange(f, mode | FallocMode.KeepSize, offset, length);
            return err != 0 ? err : AllocateRange(f, mode, offset, length);
        }
        return (mode & FallocMode.PunchHole) != 0 ? PunchRange(f, mode, offset, length) : AllocateRange(f, mode, offset, length);
    }

    /// <summary><c>fuse2fs_punch_range</c>: whole blocks inside the range; the kernel zeroes the partial edges in
    /// FILEIO mode (seed 16840-16880).</summary>
    private int PunchRange(Ext4ServerFile f, FallocMode mode, long offset, long length)
    {
        if ((mode & FallocMode.KeepSize) == 0) return -FuseErrno.EINVAL;   // "kernel ext4 punch requires this flag"
        long start = (offset + _bs - 1) / _bs, end = (offset + length) / _bs;
        if ((mode & FallocMode.ZeroRange) != 0 && f.Kind != Ext4FileKind.Extents) return -FuseErrno.EOPNOTSUPP;
        if (start < end) _punch.Punch(f, start, end - 1);
        return 0;
    }

    /// <summary><c>fuse2fs_allocate_range</c>: unwritten extents over every block the range touches; running out of
    /// space part way (<c>EXT2_ET_BLOCK_ALLOC_FAIL</c>) is not an error; then the size, unless KEEP_SIZE.</summary>
    private int AllocateRange(Ext4ServerFile f, FallocMode mode, long offset, long length)
    {
        if (offset < 0 || length <= 0) return -FuseErrno.EINVAL;
        long start = offset / _bs, end = (offset + length - 1) / _bs;
        if (!CanAllocate((ulong)((length + _bs - 1) / _bs))) return -FuseErrno.ENOSPC;
        if (f.Kind != Ext4FileKind.Extents) return -FuseErrno.EOPNOTSUPP;   // "Indirect files do not support unwritten extents"
        int err = _fallocate.Allocate(f, start, end - start + 1, forceUninit: false, initBeyondEof: (mode & FallocMode.KeepSize) == 0);
        if (err != 0 && err != -FuseErrno.ENOSPC) return err;
        if ((mode & FallocMode.KeepSize) == 0 && offset + length > f.Size) f.Size = offset + length;
        return 0;
    }

    /// <summary>O_TRUNC (libfuse atomic_o_trunc): <c>truncate_helper(ino, 0)</c>.</summary>
    public int Open(ulong nodeId, bool truncate) =>
        !_files.ContainsKey(nodeId) ? -FuseErrno.ENOENT : truncate ? SetattrSize(nodeId, 0, out _) : 0;

    /// <summary>fuse2fs has no copy_file_range: libfuse answers -ENOSYS.</summary>
    public int CopyFileRange(ulong nodeIn, long offIn, ulong nodeOut, long offOut, ulong length, out uint copied)
    {
        copied = 0;
        return -FuseErrno.ENOSYS;
    }

    public int Fsync(ulong nodeId, bool datasync) => _files.ContainsKey(nodeId) ? 0 : -FuseErrno.ENOENT;

    public int Syncfs() => 0;

    /// <inheritdoc/>
    public long SizeOf(ulong nodeId) => _files[nodeId].Size;

    /// <inheritdoc/>
    public bool Owns(ulong nodeId, long filePos, ulong addr, int len)
    {
        var f = _files[nodeId];
        for (long off = 0; off < len; off += _bs)
        {
            ulong a = addr + (ulong)off;
            long p = filePos + off;
            var (phys, _) = f.Bmap(p / _bs);
            if (phys == 0 || (ulong)phys != a / _bs || (long)(a % _bs) != p % _bs) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<long> AllocatedBlocks(ulong nodeId) =>
        _files[nodeId].Extents.SelectMany(e => Enumerable.Range(0, (int)e.Length).Select(i => e.LogicalBlock + i)).ToList();

    /// <inheritdoc/>
    public byte[] ReadFromDisk(ulong nodeId, long size)
    {
        var data = new byte[size];
        var buf = new byte[_bs];
        foreach (var e in _files[nodeId].Extents.Where(e => !e.Unwritten))
            for (long b = e.LogicalBlock; b < e.EndBlock && b * _bs < size; b++)
            {
                Device.Read((ulong)(e.PhysicalBlock + b - e.LogicalBlock) * _bs, buf);
                Array.Copy(buf, 0, data, b * _bs, Math.Min(_bs, size - b * _bs));
            }
        return data;
    }
}
