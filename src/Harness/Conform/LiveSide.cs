using IomapModel.Harness.Host;
using IomapModel.Workloads;
using IomapModel.Workloads.Live;

namespace IomapModel.Harness.Conform;

/// <summary>
/// The live side of a conform run: the real fuse2fs daemon serving a copy of the image (<see cref="Fuse2fsMount"/>),
/// each operation done with real system calls on O_DIRECT descriptors (<see cref="LiveFiles"/>). <see cref="Unmount"/>
/// (also Dispose) unmounts and waits for the daemon, after which the image file holds everything it wrote.
/// </summary>
internal sealed class LiveSide : IConformSide, IDisposable
{
    private Fuse2fsMount? _mount;
    private LiveFiles? _files;

    public LiveSide(string image, string mountDir)
    {
        _mount = Fuse2fsMount.Mount(image, mountDir);
        _files = new LiveFiles(mountDir, directByDefault: true);
    }

    private LiveFiles Files => _files ?? throw new InvalidOperationException("the live image is unmounted");

    public int Apply(FileOp op) => ConformReturn.Of(op, Checked(Files.Apply(op)));

    /// <summary>An outcome, once the daemon is known to be alive: a failed call gives a dying daemon time to be seen.</summary>
    private OpOutcome Checked(OpOutcome outcome)
    {
        _mount?.ThrowIfDaemonDied(callFailed: outcome.Ret < 0);
        return outcome;
    }

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> (O_DIRECT) to realign the live file with
    /// the model after a known divergence: zeros where a ZERO_RANGE the daemon refused would have zeroed, the model's
    /// bytes where classic fuse2fs punched too much.</summary>
    public int WriteBytes(string path, long offset, byte[] data) =>
        data.Length == 0 ? 0 : Apply(new FileOp.Write(path, offset, WriteData.Of(data)));

    public long? SizeOf(string path)
    {
        var size = Files.SizeOf(path);
        _mount?.ThrowIfDaemonDied(callFailed: size is null);
        return size;
    }

    public byte[] Read(string path, long offset, int length)
    {
        var r = Checked(Files.Apply(new FileOp.Read(path, offset, length)));
        return r.Ret >= 0 ? r.Data : throw new IOException($"reading {path} at {offset} through the fuse2fs mount failed: {FuseErrno.Show(r.Ret)}");
    }

    /// <summary>Unmounts and waits for the daemon to exit (idempotent); throws naming anything that had to be forced.</summary>
    public void Unmount()
    {
        _files?.Dispose();
        _files = null;
        var m = _mount;
        _mount = null;
        m?.Dispose();
    }

    public void Dispose() => Unmount();
}
