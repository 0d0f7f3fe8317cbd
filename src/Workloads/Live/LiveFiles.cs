using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace IomapModel.Workloads.Live;

/// <summary>
/// Applies <see cref="FileOp"/>s to real files under a directory (a live mount) with the system calls they name
/// (<see cref="LiveSyscalls"/>), returning what the kernel returned. An <see cref="FileOp.Open"/> keeps its
/// descriptor until <see cref="FileOp.Close"/>; any other operation on a file no open holds opens it for that call
/// (read-write, O_CREAT when the operation creates) and closes it again. With <paramref name="directByDefault"/>
/// every descriptor is O_DIRECT, so reads and writes reach the FUSE daemon as FUSE_READ/FUSE_WRITE instead of stopping
/// in the page cache: what is read back is what the daemon holds, and nothing is left for a later flush to change.
/// Mapped loads and stores go through a shared mapping of the file (a store past EOF, which would raise SIGBUS, is
/// -EINVAL, as in the model). Dispose closes every descriptor still open.
/// </summary>
public sealed class LiveFiles(string root, bool directByDefault = false) : IDisposable
{
    private readonly Dictionary<string, (SafeFileHandle File, OpenFlags Flags)> _open = new(StringComparer.Ordinal);

    public string Root { get; } = root;

    /// <summary>The real path of a file of the mount.</summary>
    public string PathOf(string path) => System.IO.Path.Combine(Root, FilePath.Name(path));

    /// <summary>The file's size, or null when it does not exist.</summary>
    public long? SizeOf(string path)
    {
        var info = new FileInfo(PathOf(path));
        return info.Exists ? info.Length : null;
    }

    public OpOutcome Apply(FileOp op) => op switch
    {
        FileOp.Open o => Open(o),
        FileOp.Close c => Close(c.Path),
        FileOp.Read { Via: IoPath.Mmap } r => With(r, r.Via, f => MapRead(f, r.Offset, r.Length)),
        FileOp.Read r => With(r, r.Via, f => new OpOutcome(LiveSyscalls.Read(f, r.Offset, r.Length, out var data), data)),
        FileOp.Write { Via: IoPath.Mmap } w => With(w, w.Via, f => MapWrite(f, w.Offset, w.Data.ToArray())),
        FileOp.Write w => With(w, w.Via, f => OpOutcome.Of(LiveSyscalls.Write(f, w.Offset, w.Data.ToArray()))),
        FileOp.Truncate t => With(t, IoPath.Buffered, f => OpOutcome.Of(LiveSyscalls.Truncate(f, t.Size))),
        FileOp.Fallocate a => With(a, IoPath.Buffered, f => OpOutcome.Of(LiveSyscalls.Fallocate(f, a.Mode, a.Offset, a.Length))),
        FileOp.Fsync s => With(s, IoPath.Buffered, f => OpOutcome.Of(LiveSyscalls.Fsync(f, s.DataOnly))),
        FileOp.Syncfs s => Syncfs(s.Path),
        FileOp.Writeback b => With(b, IoPath.Buffered, f => OpOutcome.Of(LiveSyscalls.StartWriteback(f, b.Start, b.End))),
        FileOp.Evict e => With(e, IoPath.Buffered, f => OpOutcome.Of(LiveSyscalls.DropCache(f))),
        FileOp.CopyRange c => Pair(c, c.Destination, (s, d) => OpOutcome.Of(LiveSyscalls.CopyRange(s, c.Offset, d, c.DestinationOffset, c.Length))),
        FileOp.CloneRange c => Pair(c, c.Destination, (s, d) => OpOutcome.Of(LiveSyscalls.CloneRange(s, c.Offset, d, c.DestinationOffset, c.Length))),
        FileOp.DedupeRange c => Pair(c, c.Destination, (s, d) => OpOutcome.Of(LiveSyscalls.DedupeRange(s, c.Offset, d, c.DestinationOffset, c.Length))),
        FileOp.ExchangeRange => OpOutcome.NotSupported("XFS_IOC_EXCHANGE_RANGE exists only on XFS"),
        FileOp.Unlink u => Unlink(u.Path),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no system call for this operation"),
    };

    private OpOutcome Open(FileOp.Open o)
    {
        Close(o.Path);
        int err = LiveSyscalls.Open(PathOf(o.Path), o.Flags | (directByDefault ? OpenFlags.Direct : 0), out var f);
        if (err != 0)
        {
            f.Dispose();
            return OpOutcome.Of(err);
        }
        _open[FilePath.Name(o.Path)] = (f, o.Flags);
        return OpOutcome.Of(0);
    }

    private OpOutcome Close(string path)
    {
        if (!_open.Remove(FilePath.Name(path), out var held)) return OpOutcome.Errno(FuseErrno.EBADF);
        held.File.Dispose();
        return OpOutcome.Of(0);
    }

    /// <summary>unlink(2); a descriptor an <see cref="FileOp.Open"/> holds stays open (as in the process it came from).</summary>
    private OpOutcome Unlink(string path) => OpOutcome.Of(LiveSyscalls.Unlink(PathOf(path)));

    /// <summary>syncfs(2) on a read-only descriptor of the path (a file or the mount's root directory).</summary>
    private OpOutcome Syncfs(string path)
    {
        int err = LiveSyscalls.Open(FilePath.Name(path).Length == 0 ? Root : PathOf(path), OpenFlags.ReadOnly, out var f);
        using (f) return OpOutcome.Of(err != 0 ? err : LiveSyscalls.Syncfs(f));
    }

    /// <summary>Runs <paramref name="call"/> on the held descriptor, or on one opened for the call: read-only for a read,
    /// else read-write (O_CREAT when <paramref name="op"/> creates), O_DIRECT by default or for a direct read or write.</summary>
    private OpOutcome With(FileOp op, IoPath via, Func<SafeFileHandle, OpOutcome> call) =>
        With(op.Path, op is FileOp.Read ? OpenFlags.ReadOnly : OpenFlags.ReadWrite | (op.Creates ? OpenFlags.Create : 0), via, call);

    private OpOutcome With(string path, OpenFlags access, IoPath via, Func<SafeFileHandle, OpOutcome> call)
    {
        bool direct = via == IoPath.Direct;
        if (_open.TryGetValue(FilePath.Name(path), out var held) && (!direct || held.Flags.HasFlag(OpenFlags.Direct) || directByDefault))
            return call(held.File);
        var flags = access | (direct || directByDefault ? OpenFlags.Direct : 0);
        int err = LiveSyscalls.Open(PathOf(path), flags, out var f);
        using (f) return err != 0 ? OpOutcome.Of(err) : call(f);
    }

    /// <summary>A source and a destination descriptor (the destination must exist).</summary>
    private OpOutcome Pair(FileOp op, string destination, Func<SafeFileHandle, SafeFileHandle, OpOutcome> call) =>
        With(op, IoPath.Buffered, source => With(destination, OpenFlags.ReadWrite, IoPath.Buffered, target => call(source, target)));

    private static OpOutcome MapRead(SafeFileHandle file, long offset, int length)
    {
        long size = RandomAccess.GetLength(file);
        int n = (int)Math.Clamp(size - offset, 0, length);
        if (n == 0) return new OpOutcome(0, []);
        using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(offset, n, MemoryMappedFileAccess.Read);
        var data = new byte[n];
        view.ReadArray(0, data, 0, n);
        return new OpOutcome(n, data);
    }

    private static OpOutcome MapWrite(SafeFileHandle file, long offset, byte[] data)
    {
        if (offset < 0 || offset + data.Length > RandomAccess.GetLength(file)) return OpOutcome.Errno(FuseErrno.EINVAL);
        if (data.Length == 0) return OpOutcome.Of(0);
        using var map = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(offset, data.Length, MemoryMappedFileAccess.Write);
        view.WriteArray(0, data, 0, data.Length);
        view.Flush();
        return OpOutcome.Of(data.Length);
    }

    public void Dispose()
    {
        foreach (var (file, _) in _open.Values) file.Dispose();
        _open.Clear();
    }
}
