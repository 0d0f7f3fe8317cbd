using IomapModel.IextTree;
using IomapModel.IomapCache;
using IomapModel.KernelSim;

namespace IomapModel.Servers.Reference;

/// <summary>
/// A small in-memory FUSE iomap server that behaves like fuse2fs in FILEIO mode (seed-fuse2fs.md §2-4, seed
/// 17497-17546): writes into holes allocate UNWRITTEN blocks, FUSE_IOMAP_IOEND converts them to written, appends
/// are recorded from FUSE_IOMAP_END (SIZE_CHANGED) and IOEND (APPEND), SETATTR/FALLOCATE/O_TRUNC free or allocate
/// whole blocks, and — with <see cref="UpsertIntoCache"/> — every FUSE_IOMAP_BEGIN answer is upserted into the
/// kernel's cache (read fork only) and the reply is NULL ("look in the cache").
/// <para>The allocator is a bump pointer that never reuses a freed block by default, so a stale write lands on a
/// block nobody owns rather than on another file, and audits can tell exactly whose block a bio hit.</para>
/// </summary>
public sealed class ReferenceServer : IFuseIomapServer, IServerInspection
{
    private sealed class FileState(ulong nodeId, string name)
    {
        public ulong NodeId { get; } = nodeId;
        public string Name { get; } = name;
        public long Size { get; set; }
        /// <summary>File block → (device block, unwritten).</summary>
        public SortedDictionary<long, (long Phys, bool Unwritten)> Blocks { get; } = [];
    }

    private readonly Dictionary<ulong, FileState> _files = [];
    private readonly Dictionary<long, (ulong Node, long FileBlock)> _owner = [];
    private readonly List<long> _freed = [];
    private readonly MemoryBlockDevice _dev;
    private readonly uint _bs;
    private IFuseNotifyChannel? _kernel;
    private ulong _nextNode = 2;
    private long _nextBlock = 1;   // block 0 stays unused so that address 0 is never handed out

    public ReferenceServer(uint blockSize = 4096, ulong deviceBytes = 64UL << 20, long maxBytes = long.MaxValue)
    {
        _bs = blockSize;
        _dev = new MemoryBlockDevice(1, deviceBytes);
        Geometry = new IomapGeometry(blockSize, maxBytes);
    }

    public IomapGeometry Geometry { get; }
    public IReadOnlyList<IBlockDevice> Devices => [_dev];
    public MemoryBlockDevice Device => _dev;

    /// <summary>fuse2fs with "enable caching of iomaps": upsert every mapping and reply NULL.</summary>
    public bool UpsertIntoCache { get; set; } = true;

    /// <summary>With <see cref="UpsertIntoCache"/>: reply NULL ("look in the cache", fuse2fs) or, when false, reply with
    /// the mapping itself as well (the kernel then uses the upcall mapping for this iteration).</summary>
    public bool ReplyNull { get; set; } = true;

    /// <summary>Blocks allocated per write into a hole (the rest of the request, up to this many).</summary>
    public int AllocChunkBlocks { get; set; } = 64;

    /// <summary>Reuse freed blocks (lowest first) before growing; off by default (see the class remarks).</summary>
    public bool ReuseFreedBlocks { get; set; }

    public void Connect(IFuseNotifyChannel kernel) => _kernel = kernel;

    public int Lookup(string name, out FuseAttr attr)
    {
        var f = _files.Values.FirstOrDefault(x => x.Name == name);
        attr = f == null ? default : new FuseAttr(f.NodeId, f.NodeId, f.Size);
        return f == null ? -FuseErrno.ENOENT : 0;
    }

    public int Create(string name, out FuseAttr attr)
    {
        if (Lookup(name, out attr) == 0) return 0;
        var f = new FileState(_nextNode++, name);
        _files[f.NodeId] = f;
        attr = new FuseAttr(f.NodeId, f.NodeId, 0);
        return 0;
    }

    /// <inheritdoc/>
    public long SizeOf(ulong nodeId) => _files[nodeId].Size;

    /// <inheritdoc/>
    public bool Owns(ulong nodeId, long filePos, ulong addr, int len)
    {
        for (long off = 0; off < len; off += _bs)
        {
            long phys = (long)(addr + (ulong)off) / _bs;
            if (!_owner.TryGetValue(phys, out var o) || o.Node != nodeId || o.FileBlock != (filePos + off) / _bs) return false;
            if ((long)(addr + (ulong)off) % _bs != (filePos + off) % _bs) return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public IReadOnlyCollection<long> AllocatedBlocks(ulong nodeId) => _files[nodeId].Blocks.Keys;

    /// <inheritdoc/>
    public byte[] ReadFromDisk(ulong nodeId, long size)
    {
        var f = _files[nodeId];
        var data = new byte[size];
        var buf = new byte[_bs];
        foreach (var (fb, (phys, unwritten)) in f.Blocks)
        {
            long pos = fb * _bs;
            if (unwritten || pos >= size) continue;
            _dev.Read((ulong)(phys * _bs), buf);
            Array.Copy(buf, 0, data, pos, Math.Min(_bs, size - pos));
        }
        return data;
    }

    private long Alloc()
    {
        if (ReuseFreedBlocks && _freed.Count > 0)
        {
            _freed.Sort();
            long b = _freed[0];
            _freed.RemoveAt(0);
            return b;
        }
        if ((ulong)(_nextBlock + 1) * _bs > _dev.Size) return -1;
        return _nextBlock++;
    }

    private void Free(FileState f, long fb)
    {
        if (!f.Blocks.Remove(fb, out var e)) return;
        _owner.Remove(e.Phys);
        _freed.Add(e.Phys);
    }

    private int Allocate(FileState f, long firstBlock, long endBlock, bool unwritten = true)
    {
        for (long b = firstBlock; b < endBlock; b++)
        {
            if (f.Blocks.ContainsKey(b)) continue;
            long phys = Alloc();
            if (phys < 0) return -FuseErrno.ENOSPC;
            f.Blocks[b] = (phys, unwritten);
            _owner[phys] = (f.NodeId, b);
        }
        return 0;
    }

    /// <summary>The extent containing file block <paramref name="b"/>: a run of blocks with the same state and
    /// contiguous device blocks, or the hole up to the next allocated block.</summary>
    private FuseIomap ExtentAt(FileState f, long b)
    {
        if (f.Blocks.TryGetValue(b, out var e))
        {
            long n = 1;
            while (f.Blocks.TryGetValue(b + n, out var nx) && nx.Unwritten == e.Unwritten && nx.Phys == e.Phys + n) n++;
            return new FuseIomap(b * _bs, (ulong)(n * _bs), (ulong)(e.Phys * _bs),
                e.Unwritten ? FuseIomapType.Unwritten : FuseIomapType.Mapped, FuseIomapFlags.None, _dev.Id);
        }
        long next = f.Blocks.Keys.FirstOrDefault(k => k > b, -1);
        long maxBlocks = (Geometry.MaxBytes / _bs) - b;
        long len = next < 0 ? Math.Min(maxBlocks, 1L << 30) : next - b;
        return new FuseIomap(b * _bs, (ulong)(len * _bs), FuseIomapConstants.NullAddr, FuseIomapType.Hole,
            FuseIomapFlags.None, FuseIomapConstants.DevNull);
    }

    public int IomapBegin(ulong nodeId, in FuseIomapBeginIn inarg, out FuseIomapBeginOut outarg)
    {
        outarg = default;
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        long b = (long)(inarg.Pos / _bs);
        if ((inarg.OpFlags & FuseIomapOp.Write) != 0)
        {
            long end = (long)((inarg.Pos + inarg.Count + _bs - 1) / _bs);
            int err = Allocate(f, b, Math.Min(end, b + AllocChunkBlocks));
            if (err != 0) return err;
        }
        var map = ExtentAt(f, b);
        if (UpsertIntoCache && _kernel != null)
        {
            int err = _kernel.NotifyIomapUpsert(FuseIomapUpsertOut.ReadFork(nodeId, nodeId, map));
            if (err == 0 && ReplyNull)
            {
                outarg = FuseIomapBeginOut.NullReply((ulong)map.Offset, map.Length);
                return 0;
            }
        }
        outarg = FuseIomapBeginOut.ReadOnly((ulong)map.Offset, map.Length, map.Addr, map.Type, map.Flags, map.Dev);
        return 0;
    }

    public int IomapEnd(ulong nodeId, in FuseIomapEndIn inarg)
    {
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        f.Size = inarg.SizeAfterBufferedAppend(f.Size);
        return 0;
    }

    public int IomapIoend(ulong nodeId, in FuseIomapIoendIn inarg)
    {
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        if (inarg.Error != 0) return 0;
        if ((inarg.IoendFlags & FuseIomapIoendFlags.Shared) != 0 || inarg.NewAddr != FuseIomapConstants.NullAddr)
            return -FuseErrno.EUCLEAN;
        if ((inarg.IoendFlags & FuseIomapIoendFlags.Unwritten) != 0)
        {
            long first = (long)(inarg.Pos / _bs), end = (long)((inarg.Pos + inarg.Written + _bs - 1) / _bs);
            for (long b = first; b < end; b++)
                if (f.Blocks.TryGetValue(b, out var e) && e.Unwritten) f.Blocks[b] = (e.Phys, false);
        }
        if ((inarg.IoendFlags & FuseIomapIoendFlags.Append) != 0)
            f.Size = Math.Max(f.Size, (long)(inarg.Pos + inarg.Written));
        return 0;
    }

    public int SetattrSize(ulong nodeId, long size, out FuseAttr attr)
    {
        attr = default;
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        long keep = (size + _bs - 1) / _bs;
        foreach (var fb in f.Blocks.Keys.Where(k => k >= keep).ToList()) Free(f, fb);
        f.Size = size;
        attr = new FuseAttr(nodeId, nodeId, size);
        return 0;
    }

    public int Fallocate(ulong nodeId, FallocMode mode, long offset, long length)
    {
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        long first = (offset + _bs - 1) / _bs, end = (offset + length) / _bs;   // whole blocks inside the range
        if ((mode & FallocMode.PunchHole) != 0)
        {
            foreach (var fb in f.Blocks.Keys.Where(k => k >= first && k < end).ToList()) Free(f, fb);
            return 0;
        }
        if ((mode & FallocMode.ZeroRange) != 0)
        {
            foreach (var fb in f.Blocks.Keys.Where(k => k >= first && k < end).ToList())
                f.Blocks[fb] = (f.Blocks[fb].Phys, true);
        }
        else
        {
            int err = Allocate(f, offset / _bs, (offset + length + _bs - 1) / _bs);
            if (err != 0) return err;
        }
        if ((mode & FallocMode.KeepSize) == 0) f.Size = Math.Max(f.Size, offset + length);
        return 0;
    }

    public int Open(ulong nodeId, bool truncate)
    {
        if (!_files.TryGetValue(nodeId, out var f)) return -FuseErrno.ENOENT;
        if (truncate)
        {
            foreach (var fb in f.Blocks.Keys.ToList()) Free(f, fb);
            f.Size = 0;
        }
        return 0;
    }

    public int CopyFileRange(ulong nodeIn, long offIn, ulong nodeOut, long offOut, ulong length, out uint copied)
    {
        copied = 0;
        if (!_files.TryGetValue(nodeIn, out var src) || !_files.TryGetValue(nodeOut, out var dst)) return -FuseErrno.ENOENT;
        long n = Math.Max(0, Math.Min((long)length, src.Size - offIn));
        if (n == 0) return 0;
        var data = ReadFromDisk(nodeIn, src.Size).AsSpan((int)offIn, (int)n).ToArray();
        var buf = new byte[_bs];
        for (long p = offOut; p < offOut + n;)
        {
            long fb = p / _bs;
            long blockStart = fb * _bs;
            int inBlock = (int)(p - blockStart), count = (int)Math.Min(_bs - inBlock, offOut + n - p);
            ReadBlock(dst, fb, buf);   // read-modify-write of a partial destination block
            if (!dst.Blocks.ContainsKey(fb))
            {
                int err = Allocate(dst, fb, fb + 1, unwritten: false);
                if (err != 0) return err;
            }
            Array.Copy(data, p - offOut, buf, inBlock, count);
            var e = dst.Blocks[fb];
            _dev.Write((ulong)(e.Phys * _bs), buf);
            dst.Blocks[fb] = (e.Phys, false);
            p += count;
        }
        dst.Size = Math.Max(dst.Size, offOut + n);
        copied = (uint)n;
        return 0;
    }

    private void ReadBlock(FileState f, long fb, byte[] buf)
    {
        Array.Clear(buf);
        if (!f.Blocks.TryGetValue(fb, out var e) || e.Unwritten) return;
        _dev.Read((ulong)(e.Phys * _bs), buf);
        long valid = f.Size - fb * _bs;   // bytes past the server's EOF read as zeros
        if (valid < _bs) Array.Clear(buf, (int)Math.Max(0, valid), (int)Math.Min(_bs, _bs - valid));
    }

    public int Fsync(ulong nodeId, bool datasync) => _files.ContainsKey(nodeId) ? 0 : -FuseErrno.ENOENT;

    public int Syncfs() => 0;

    /// <summary>A server-initiated move (think defragmentation): copy the allocated blocks of [fileBlock,
    /// fileBlock+count) to new device blocks, free the old ones, and tell the kernel with FUSE_NOTIFY_IOMAP_INVAL
    /// over the range (when <paramref name="notify"/>). Returns the number of blocks moved.</summary>
    public int Remap(ulong nodeId, long fileBlock, long count, bool notify = true)
    {
        var f = _files[nodeId];
        var buf = new byte[_bs];
        int moved = 0;
        foreach (var fb in f.Blocks.Keys.Where(k => k >= fileBlock && k < fileBlock + count).ToList())
        {
            var e = f.Blocks[fb];
            long phys = Alloc();
            if (phys < 0) break;
            _dev.Read((ulong)(e.Phys * _bs), buf);
            _dev.Write((ulong)(phys * _bs), buf);
            _owner.Remove(e.Phys);
            _freed.Add(e.Phys);
            f.Blocks[fb] = (phys, e.Unwritten);
            _owner[phys] = (nodeId, fb);
            moved++;
        }
        if (notify && moved > 0 && _kernel != null)
            _kernel.NotifyIomapInval(new FuseIomapInvalOut(nodeId, nodeId, (ulong)(fileBlock * _bs), (ulong)(count * _bs), 0, 0));
        return moved;
    }
}
