using IomapModel.Ext4;
using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Workloads;
using IomapModel.Workloads.Sim;

namespace IomapModel.Harness.Conform;

/// <summary>
/// The model side of a conform run: the RFC's kernel (<see cref="SimKernel"/>, buffered IO through the page cache,
/// the iomap cache on) over the RFC's iomap fuse2fs (<see cref="Ext4Server"/>, upserting into the cache and replying
/// NULL), both on the same starting image bytes as the live daemon. The image is only read; the server keeps its
/// changes in memory. Each operation runs to completion with the ioend worker alongside (<see cref="SimFiles.Run"/>).
/// </summary>
public sealed class ModelSide : IConformSide, IDisposable
{
    private readonly Ext4Image _image;
    private readonly SimFiles _files;

    private readonly ModelFault _fault;

    /// <param name="fault">A deliberate bug for debugging the engine (<see cref="ModelFault"/>); None normally.</param>
    public ModelSide(byte[] image, Fuse2fsQuirks quirks, ModelFault fault = ModelFault.None)
    {
        _fault = fault;
        _image = Ext4Image.Open(image);
        Server = new Ext4Server(_image, quirks, cacheIomaps: true);
        Kernel = new SimKernel(Server);
        _files = new SimFiles(Kernel);
    }

    public Ext4Server Server { get; }
    public SimKernel Kernel { get; }
    public uint BlockSize => _image.BlockSize;

    /// <summary>The server's file, or null when the name does not exist.</summary>
    public Ext4ServerFile? ServerFile(string path) => Server.Lookup(path.TrimStart('/'), out var attr) == 0 ? Server.File(attr.NodeId) : null;

    public int Apply(FileOp op)
    {
        var outcome = _files.Run(ModelFaults.Applied(_fault, op, BlockSize));
        Unsupported = outcome.Unsupported;
        return ConformReturn.Of(op, outcome);
    }

    /// <summary>Why the model could not do the last operation <see cref="Apply"/> ran (null when it could).</summary>
    public string? Unsupported { get; private set; }

    /// <summary>Drops the file's clean cached pages, as reclaim may at any time (the next read comes from the disk).</summary>
    public void EvictClean(string path)
    {
        if (_files.Find(path) is not null) _files.Run(new FileOp.Evict(path));
    }

    /// <summary>Grows the file to <paramref name="size"/> (truncate up): what an extending fallocate the model's server
    /// refused would have done to the size, so both sides go on from the same size.</summary>
    public int Extend(string path, long size) =>
        size <= _files.Create(path).Size ? 0 : (int)_files.Run(new FileOp.Truncate(path, size)).Ret;

    public long? SizeOf(string path) => _files.Find(path)?.Size;

    public byte[] Read(string path, long offset, int length)
    {
        if (_files.Find(path) is null) throw new FileNotFoundException($"{path} does not exist in the model");
        var r = _files.Run(new FileOp.Read(path, offset, length));
        return r.Ret >= 0 ? r.Data[..(int)r.Ret] : throw new IOException($"reading {path} at {offset} in the model failed: {FuseErrno.Show(r.Ret)}");
    }

    /// <summary>syncfs, as unmounting does: all dirty data written back, unwritten extents converted.</summary>
    public int Sync() => (int)_files.Run(new FileOp.Syncfs("/")).Ret;

    /// <summary>What a cold read of the server's disk returns for the file, up to its size.</summary>
    public byte[] DiskBytes(string path)
    {
        Server.Lookup(path.TrimStart('/'), out var attr);
        return Server.ReadFromDisk(attr.NodeId, Server.SizeOf(attr.NodeId));
    }

    public void Dispose() => _image.Dispose();
}
