using IomapModel.Traces.Conform;
using Microsoft.Win32.SafeHandles;

namespace IomapModel.Cli.Conform;

/// <summary>
/// The live side of a conform run: the real fuse2fs daemon serving a copy of the image (<see cref="Fuse2fsMount"/>),
/// each operation done with real system calls (<see cref="LiveFileCalls"/>, O_DIRECT). <see cref="Unmount"/> (also
/// Dispose) unmounts and waits for the daemon, after which the image file holds everything it wrote.
/// </summary>
public sealed class LiveSide : IConformSide, IDisposable
{
    private const int FallocKeepSize = 0x01, FallocPunchHole = 0x02, FallocZeroRange = 0x10;
    private Fuse2fsMount? _mount;

    public LiveSide(string image, string mountDir) => _mount = Fuse2fsMount.Mount(image, mountDir);

    private string PathOf(string path) => (_mount ?? throw new InvalidOperationException("the live image is unmounted")).PathOf(path);

    public int Apply(ConformOp op) => op switch
    {
        ConformOp.Write w => With(w, f => LiveFileCalls.Write(f, w.Offset, w.Data())),
        ConformOp.Truncate t => With(t, f => LiveFileCalls.Truncate(f, t.Size)),
        ConformOp.Fallocate a => With(a, f => LiveFileCalls.Fallocate(f, a.KeepSize ? FallocKeepSize : 0, a.Offset, a.Length)),
        ConformOp.Punch p => With(p, f => LiveFileCalls.Fallocate(f, FallocPunchHole | FallocKeepSize, p.Offset, p.Length)),
        ConformOp.Zero z => With(z, f => LiveFileCalls.Fallocate(f, FallocZeroRange | (z.KeepSize ? FallocKeepSize : 0), z.Offset, z.Length)),
        ConformOp.Fsync s => With(s, LiveFileCalls.Fsync),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown conform operation"),
    };

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> (O_DIRECT) to realign the live file with
    /// the model after a known divergence: zeros where a ZERO_RANGE the daemon refused would have zeroed, the model's
    /// bytes where classic fuse2fs punched too much.</summary>
    public int WriteBytes(string path, long offset, byte[] data) =>
        data.Length == 0 ? 0 : With(path, create: false, f => LiveFileCalls.Write(f, offset, data));

    private int With(ConformOp op, Func<SafeFileHandle, int> call) => With(op.Path, op.Creates, call);

    /// <summary>Opens the file read-write (O_DIRECT), runs <paramref name="call"/> on it, closes it.</summary>
    private int With(string path, bool create, Func<SafeFileHandle, int> call)
    {
        int err = LiveFileCalls.Open(PathOf(path), create, write: true, out var f);
        using (f) return err != 0 ? err : call(f);
    }

    public long? SizeOf(string path)
    {
        var info = new FileInfo(PathOf(path));
        return info.Exists ? info.Length : null;
    }

    public byte[] Read(string path, long offset, int length)
    {
        int err = LiveFileCalls.Open(PathOf(path), create: false, write: false, out var f);
        using (f)
        {
            byte[] data = [];
            if (err == 0) err = LiveFileCalls.Read(f, offset, length, out data);
            return err == 0 ? data : throw new IOException($"reading {path} at {offset} through the fuse2fs mount failed: {FuseErrno.Show(err)}");
        }
    }

    /// <summary>Unmounts and waits for the daemon to exit (idempotent); throws naming anything that had to be forced.</summary>
    public void Unmount()
    {
        var m = _mount;
        _mount = null;
        m?.Dispose();
    }

    public void Dispose() => Unmount();
}
