using IomapModel.KernelSim.Kernel;
using IomapModel.KernelSim.Scheduling;

namespace IomapModel.Workloads.Sim;

/// <summary>
/// Applies <see cref="FileOp"/>s to one simulated mount: each becomes the <see cref="SimKernel"/> call that system call
/// makes, as a step body that yields at the kernel's scheduling points (<see cref="Steps"/>, for schedules and
/// interleaved runs) or run to completion with the ioend worker alongside (<see cref="Run"/>). Files are looked up
/// through the server by name; an <see cref="FileOp.Open"/> keeps its flags for the file until
/// <see cref="FileOp.Close"/>: O_DIRECT turns buffered reads and writes into direct ones, O_SYNC and O_DSYNC follow
/// each write with fsync or fdatasync of the file (the simulated fsync has no range), O_TRUNC empties the file.
/// What the simulated kernel has no path for (mmap reads, FICLONERANGE, FIDEDUPERANGE: fuse has no
/// remap_file_range either; exchange-range; unlink) is an <see cref="OpOutcome.Unsupported"/> outcome.
/// </summary>
public sealed class SimFiles(SimKernel kernel)
{
    private readonly Dictionary<string, SimInode> _inodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OpenFlags> _open = new(StringComparer.Ordinal);

    public SimKernel Kernel { get; } = kernel;

    /// <summary>The file's inode, or null when the server has no such name (FUSE_LOOKUP).</summary>
    public SimInode? Find(string path) => Inode(path, create: false);

    /// <summary>The file's inode, created through the server when missing (FUSE_CREATE, or the open of an existing one).</summary>
    public SimInode Create(string path) => Inode(path, create: true)!;

    private SimInode? Inode(string path, bool create)
    {
        var name = FilePath.Name(path);
        if (_inodes.TryGetValue(name, out var ino)) return ino;
        if (!create && Kernel.Server.Lookup(name, out _) != 0) return null;
        return _inodes[name] = Kernel.CreateFile(name);
    }

    /// <summary>Runs <paramref name="op"/> to completion on its own (the ioend worker alongside).</summary>
    public OpOutcome Run(FileOp op)
    {
        OpOutcome? outcome = null;
        Kernel.Run(Steps(op, o => outcome = o));
        return outcome ?? throw new InvalidOperationException($"{op} finished without an outcome");
    }

    /// <summary>The system call <paramref name="op"/> as a step body; <paramref name="done"/> receives its outcome once
    /// it has finished.</summary>
    public IEnumerable<Step> Steps(FileOp op, Action<OpOutcome> done)
    {
        if (op is FileOp.Syncfs) return Call(Kernel.Syncfs, done);
        var ino = Inode(op.Path, op.Creates);
        if (ino is null) return Outcome(OpOutcome.Errno(FuseErrno.ENOENT), done);
        var flags = _open.GetValueOrDefault(FilePath.Name(op.Path));
        return op switch
        {
            FileOp.Open o => Open(ino, o, done),
            FileOp.Close c => Outcome(_open.Remove(FilePath.Name(c.Path)) ? OpOutcome.Of(0) : OpOutcome.Errno(FuseErrno.EBADF), done),
            FileOp.Read r => Via(r.Via, flags) switch
            {
                IoPath.Buffered => Call(res => Kernel.BufferedRead(ino, r.Offset, r.Length, res), done),
                IoPath.Direct => Call(res => Kernel.DirectRead(ino, r.Offset, r.Length, res), done),
                _ => Outcome(OpOutcome.NotSupported("the simulated kernel has no page-fault read path (filemap_fault)"), done),
            },
            FileOp.Write w => Write(ino, w, flags, done),
            FileOp.Truncate t => Call(res => Kernel.Truncate(ino, t.Size, res), done),
            FileOp.Fallocate a => Call(res => Kernel.Fallocate(ino, a.Mode, a.Offset, a.Length, res), done),
            FileOp.Fsync s => Call(res => Kernel.Fsync(ino, res, s.DataOnly), done),
            FileOp.Writeback b => Then(Kernel.Writeback(ino, b.Start, b.End), OpOutcome.Of(0), done),
            FileOp.Evict => Then(Kernel.EvictClean(ino), OpOutcome.Of(0), done),
            FileOp.CopyRange c => Find(c.Destination) is { } dst
                ? Call(res => Kernel.CopyFileRange(ino, c.Offset, dst, c.DestinationOffset, c.Length, res), done)
                : Outcome(OpOutcome.Errno(FuseErrno.ENOENT), done),
            FileOp.CloneRange or FileOp.DedupeRange =>
                Outcome(OpOutcome.NotSupported("fuse has no remap_file_range, so the kernel answers -EOPNOTSUPP, as the simulated one does"), done),
            FileOp.ExchangeRange => Outcome(OpOutcome.NotSupported("exchange-range is an XFS ioctl; fuse has none"), done),
            FileOp.Unlink => Outcome(OpOutcome.NotSupported("the simulated mount has no FUSE_UNLINK: the file and its blocks stay"), done),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "no simulated kernel call for this operation"),
        };
    }

    private static IoPath Via(IoPath via, OpenFlags flags) =>
        via == IoPath.Buffered && flags.HasFlag(OpenFlags.Direct) ? IoPath.Direct : via;

    private IEnumerable<Step> Open(SimInode ino, FileOp.Open o, Action<OpOutcome> done)
    {
        _open[FilePath.Name(o.Path)] = o.Flags;
        return o.Flags.HasFlag(OpenFlags.Truncate) ? Call(res => Kernel.OpenTruncate(ino, res), done) : Outcome(OpOutcome.Of(0), done);
    }

    private IEnumerable<Step> Write(SimInode ino, FileOp.Write w, OpenFlags flags, Action<OpOutcome> done)
    {
        var data = w.Data.ToArray();
        var res = new OpResult();
        long? stored = null;
        var body = Via(w.Via, flags) switch
        {
            IoPath.Buffered => Kernel.BufferedWrite(ino, w.Offset, data, res),
            IoPath.Direct => Kernel.DirectWrite(ino, w.Offset, data, res),
            _ => MmapStores(ino, w.Offset, data, r => stored = r),
        };
        foreach (var s in body) yield return s;
        var outcome = stored is long n ? OpOutcome.Of(n) : Of(res);
        if (outcome.Ret >= 0 && (flags & (OpenFlags.Sync | OpenFlags.DataSync)) != 0)
        {
            var sync = new OpResult();
            foreach (var s in Kernel.Fsync(ino, sync, datasync: !flags.HasFlag(OpenFlags.Sync))) yield return s;
            if (sync.Ret < 0) outcome = Of(sync);
        }
        done(outcome);
    }

    /// <summary>Stores to a shared mapping: one page fault (page_mkwrite) and store per page the range touches, as a
    /// memcpy into the mapping makes them; the bytes stored, or the first store's error.</summary>
    private IEnumerable<Step> MmapStores(SimInode ino, long offset, byte[] data, Action<long> stored)
    {
        long page = Kernel.PageSize;
        for (int done = 0; done < data.Length;)
        {
            long pos = offset + done;
            int n = (int)Math.Min(data.Length - done, page - (pos % page + page) % page);
            var store = new OpResult();
            foreach (var s in Kernel.MmapWrite(ino, pos, data[done..(done + n)], store)) yield return s;
            if (store.Ret < 0)
            {
                stored(done > 0 ? done : store.Ret);
                yield break;
            }
            done += n;
        }
        stored(data.Length);
    }

    private static IEnumerable<Step> Call(Func<OpResult, IEnumerable<Step>> call, Action<OpOutcome> done)
    {
        var res = new OpResult();
        foreach (var s in call(res)) yield return s;
        done(Of(res));
    }

    private static IEnumerable<Step> Then(IEnumerable<Step> body, OpOutcome outcome, Action<OpOutcome> done)
    {
        foreach (var s in body) yield return s;
        done(outcome);
    }

    private static IEnumerable<Step> Outcome(OpOutcome outcome, Action<OpOutcome> done)
    {
        done(outcome);
        yield break;
    }

    private static OpOutcome Of(OpResult r) => new(r.Ret, r.Data);
}
