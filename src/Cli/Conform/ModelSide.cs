using IomapModel.Ext4;
using IomapModel.Servers.Fuse2fs;
using IomapModel.IomapCache;
using IomapModel.KernelSim.Kernel;
using IomapModel.Traces.Conform;

namespace IomapModel.Cli.Conform;

/// <summary>
/// The model side of a conform run: the RFC's kernel (<see cref="SimKernel"/>, buffered IO through the page cache,
/// the iomap cache on) over the RFC's iomap fuse2fs (<see cref="Ext4Server"/>, upserting into the cache and replying
/// NULL), both on the same starting image bytes as the live daemon. The image is only read; the server keeps its
/// changes in memory. Each operation runs to completion with the ioend worker alongside, as
/// tests/Properties/KernelSim/FsxRun drives it.
/// </summary>
public sealed class ModelSide : IConformSide, IDisposable
{
    private readonly Ext4Image _image;
    private readonly Dictionary<string, SimInode> _inodes = new(StringComparer.Ordinal);

    public ModelSide(byte[] image, Fuse2fsQuirks quirks)
    {
        _image = Ext4Image.Open(image);
        Server = new Ext4Server(_image, quirks, cacheIomaps: true);
        Kernel = new SimKernel(Server);
    }

    public Ext4Server Server { get; }
    public SimKernel Kernel { get; }
    public uint BlockSize => _image.BlockSize;

    /// <summary>The server's file, or null when the name does not exist.</summary>
    public Ext4ServerFile? ServerFile(string path) => Server.Lookup(Name(path), out var attr) == 0 ? Server.File(attr.NodeId) : null;

    public int Apply(ConformOp op)
    {
        var ino = Inode(op.Path, op.Creates);
        if (ino is null) return -FuseErrno.ENOENT;
        var r = op switch
        {
            ConformOp.Write w => Kernel.Run(res => Kernel.BufferedWrite(ino, w.Offset, w.Data(), res)),
            ConformOp.Truncate t => Kernel.Run(res => Kernel.Truncate(ino, t.Size, res)),
            ConformOp.Fallocate a => Fallocate(ino, a.KeepSize ? FallocMode.KeepSize : FallocMode.Allocate, a.Offset, a.Length),
            ConformOp.Punch p => Fallocate(ino, FallocMode.PunchHole | FallocMode.KeepSize, p.Offset, p.Length),
            ConformOp.Zero z => Fallocate(ino, FallocMode.ZeroRange | (z.KeepSize ? FallocMode.KeepSize : 0), z.Offset, z.Length),
            ConformOp.Fsync => Kernel.Run(res => Kernel.Fsync(ino, res)),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown conform operation"),
        };
        if (r.Ret < 0) return (int)r.Ret;
        if (op is ConformOp.Write write && r.Ret != write.Length) return -FuseErrno.EIO;   // a short write: report it
        return 0;
    }

    /// <summary>Grows the file to <paramref name="size"/> (truncate up): what an extending fallocate the model's server
    /// refused would have done to the size, so both sides go on from the same size.</summary>
    public int Extend(string path, long size)
    {
        var ino = Inode(path, create: true)!;
        return size <= ino.Size ? 0 : (int)Kernel.Run(res => Kernel.Truncate(ino, size, res)).Ret;
    }

    private OpResult Fallocate(SimInode ino, FallocMode mode, long offset, long length) =>
        Kernel.Run(res => Kernel.Fallocate(ino, mode, offset, length, res));

    public long? SizeOf(string path) => Inode(path, create: false)?.Size;

    public byte[] Read(string path, long offset, int length)
    {
        var ino = Inode(path, create: false) ?? throw new FileNotFoundException($"{path} does not exist in the model");
        var r = Kernel.Run(res => Kernel.BufferedRead(ino, offset, length, res));
        return r.Ret >= 0 ? r.Data[..(int)r.Ret] : throw new IOException($"reading {path} at {offset} in the model failed: {FuseErrno.Show((int)r.Ret)}");
    }

    /// <summary>syncfs, as unmounting does: all dirty data written back, unwritten extents converted.</summary>
    public int Sync() => (int)Kernel.Run(res => Kernel.Syncfs(res)).Ret;

    /// <summary>What a cold read of the server's disk returns for the file, up to its size.</summary>
    public byte[] DiskBytes(string path)
    {
        Server.Lookup(Name(path), out var attr);
        return Server.ReadFromDisk(attr.NodeId, Server.SizeOf(attr.NodeId));
    }

    private SimInode? Inode(string path, bool create)
    {
        if (_inodes.TryGetValue(path, out var ino)) return ino;
        if (!create && Server.Lookup(Name(path), out _) != 0) return null;
        return _inodes[path] = Kernel.CreateFile(Name(path));
    }

    private static string Name(string path) => path.TrimStart('/');

    public void Dispose() => _image.Dispose();
}
