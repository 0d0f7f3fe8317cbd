using IomapModel.IextTree;
using IomapModel.IomapCache;
using IomapModel.KernelSim.Cache;

namespace IomapModel.KernelSim.Kernel;

/// <summary>
/// The simulated kernel side of one fuse-iomap mount (the superblock): geometry from FUSE_IOMAP_CONFIG, the
/// registered devices, the inodes, the upcall channel to the server and the notification channel back. The IO paths
/// (partial classes BufferedIo, DirectIo, Writeback, Truncate, Fallocate, ...) are step-wise iterators run by a
/// <see cref="Scheduling.Scheduler"/>.
/// </summary>
public sealed partial class SimKernel : IFuseNotifyChannel
{
    private readonly Dictionary<ulong, SimInode> _inodes = [];
    private readonly Dictionary<uint, IBlockDevice> _devices = [];

    public SimKernel(IFuseIomapServer server, SimOptions? options = null)
    {
        Server = server;
        Options = options ?? new SimOptions();
        BlockSize = server.Geometry.BlockSize;
        MaxBytes = server.Geometry.MaxBytes;
        var table = new IomapDeviceTable();
        foreach (var d in server.Devices)
        {
            _devices[d.Id] = d;
            table.Register(d.Id, d.Size);
        }
        Connection = new FuseIomapConnection(table);
        server.Connect(this);
    }

    /// <summary>The connection state the notify handlers use (fc->iomap, devices, the inode table).</summary>
    public FuseIomapConnection Connection { get; }

    /// <summary>Every kernel ASSERT hit in the mount's caches (they only warn).</summary>
    public KernelAsserts Asserts { get; } = new();

    public IFuseIomapServer Server { get; }
    public SimOptions Options { get; }
    public SimCounters Counters { get; } = new();

    /// <summary>s_blocksize (= i_blocksize of every inode).</summary>
    public uint BlockSize { get; }

    /// <summary>s_maxbytes.</summary>
    public long MaxBytes { get; }
    public uint PageSize => Options.PageSize;

    public IReadOnlyCollection<SimInode> Inodes => _inodes.Values;

    /// <summary>Where the simulated tracepoints go; null (the default) costs nothing.</summary>
    public IKernelTracepoints? Tracepoints { get; set; }

    internal void Trace(string name, SimInode? ino, Func<string> fields) =>
        Tracepoints?.Event(new KernelTraceEvent(name, ino?.NodeId ?? 0, fields()));

    /// <summary><c>fuse_iomap_find_dev</c>: real types need a registered device (else -EIO).</summary>
    internal int FindDev(FuseIomapType type, uint dev, out IBlockDevice? bdev)
    {
        bdev = null;
        if (dev != FuseIomapConstants.DevNull && dev < int.MaxValue) _devices.TryGetValue(dev, out bdev);
        return FuseIomapConstants.IsRealType(type) && bdev == null ? -FuseErrno.EIO : 0;
    }

    /// <summary>Create (or open) a file through the server and instantiate its inode.</summary>
    public SimInode CreateFile(string name)
    {
        int err = Server.Create(name, out var attr);
        Counters.CountUpcall(FuseOpcode.Open, Options.Cost.Upcall(FuseOpcode.Open));
        if (err != 0) throw new InvalidOperationException($"create {name}: {err}");
        return Iget(name, attr);
    }

    private SimInode Iget(string name, FuseAttr attr)
    {
        if (_inodes.TryGetValue(attr.NodeId, out var ino)) return ino;
        var cache = new IomapModel.IomapCache.IomapCache(new IomapGeometry(BlockSize, MaxBytes), Connection.Devices, null, Asserts);
        ino = new SimInode(name, attr.NodeId, attr.Ino, attr.Size, PageSize, BlockSize, new IomapCacheSeam(cache, Counters));
        Connection.AddInode(attr.NodeId, attr.Ino, cache);
        _inodes[attr.NodeId] = ino;
        return ino;
    }

    /// <summary>FUSE_NOTIFY_IOMAP_UPSERT from the server (any time): <c>fuse_iomap_upsert</c>.</summary>
    public int NotifyIomapUpsert(in FuseIomapUpsertOut outarg)
    {
        var o = outarg;
        int err = Connection.NotifyUpsert(o);
        var ino = _inodes.GetValueOrDefault(o.NodeId);
        Trace("fuse_iomap_upsert", ino, () => $"read {o.Read} write {o.Write} ret {err} seq {ino?.Cache.Sequence}");
        return err;
    }

    /// <summary>FUSE_NOTIFY_IOMAP_INVAL from the server (any time): <c>fuse_iomap_inval</c>.</summary>
    public int NotifyIomapInval(in FuseIomapInvalOut outarg)
    {
        var o = outarg;
        int err = Connection.NotifyInval(o);
        var ino = _inodes.GetValueOrDefault(o.NodeId);
        Trace("fuse_iomap_inval", ino, () => $"read_offset {o.ReadOffset} read_length {o.ReadLength} write_offset {o.WriteOffset} " +
            $"write_length {o.WriteLength} ret {err} seq {ino?.Cache.Sequence}");
        return err;
    }

    internal void Charge(FuseOpcode op, SimInode? ino = null)
    {
        Counters.CountUpcall(op, Options.Cost.Upcall(op));
        Trace("fuse_request_send", ino, () => $"opcode {(uint)op} ({op})");
    }

    internal void DeviceRead(uint dev, ulong addr, Span<byte> buf)
    {
        Counters.DeviceReads++;
        _devices[dev].Read(addr, buf);
    }

    internal void DeviceWrite(SimInode ino, long filePos, uint dev, ulong addr, ReadOnlySpan<byte> data, string path)
    {
        Counters.DeviceWrites++;
        Tracepoints?.Bio(new BioWrite(ino, filePos, dev, addr, data.Length, path));
        _devices[dev].Write(addr, data);
    }

    internal long RoundDown(long v, long a) => v - (v % a + a) % a;
    internal long RoundUp(long v, long a) => RoundDown(v + a - 1, a);
}
