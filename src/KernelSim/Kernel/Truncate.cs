using IomapModel.KernelSim.Scheduling;

namespace IomapModel.KernelSim.Kernel;

public sealed partial class SimKernel
{
    /// <summary><c>truncate_setsize</c>: i_size = newsize, wait for and drop the folios wholly past EOF, zero the tail
    /// of the folio that straddles it.</summary>
    private IEnumerable<Step> TruncateSetsize(SimInode ino, long newsize)
    {
        ino.Size = newsize;
        long keep = RoundUp(newsize, PageSize);
        foreach (var s in DropPagecacheRange(ino, keep, long.MaxValue)) yield return s;
        var tail = ino.Pages.Get(newsize / PageSize);
        if (tail != null && newsize % PageSize != 0)
            tail.Data.AsSpan((int)(newsize - tail.Pos)).Clear();
    }

    /// <summary><c>fuse_iomap_setsize</c> → <c>fuse_iomap_setattr_size</c> (seed 5110-5188, 9565-9572): zero
    /// [old, new) going up or the EOF block tail going down, truncate_setsize, flush the whole file, then invalidate
    /// the cache from the new size to EOF.</summary>
    private IEnumerable<Step> Setsize(SimInode ino, long newsize, Action<int> onError)
    {
        if (newsize > MaxBytes || newsize < 0) { onError(-FuseErrno.EFBIG); yield break; }
        long old = ino.Size;
        int err = 0;
        if (newsize > old)
            foreach (var s in ZeroRange(ino, old, newsize - old, e => err = e)) yield return s;
        else if (newsize % BlockSize != 0)
            foreach (var s in ZeroRange(ino, newsize, RoundUp(newsize, BlockSize) - newsize, e => err = e)) yield return s;
        if (err != 0) { onError(err); yield break; }
        foreach (var s in TruncateSetsize(ino, newsize)) yield return s;
        ino.TruncateWindowFrom = null;
        foreach (var s in WriteAndWait(ino, 0, long.MaxValue, "truncate-flush")) yield return s;
        err = ino.Cache.InvalidateToEof(newsize);
        if (err != 0) onError(err);
    }

    /// <summary>truncate(2)/ftruncate: <c>fuse_do_setattr</c> with ATTR_SIZE on a FILEIO inode (seed 4332-4370):
    /// i_rwsem and invalidate_lock exclusive; FUSE_SETATTR goes to the server first; then the kernel zeroes,
    /// truncates its page cache, flushes and invalidates, using the size the server replied with.</summary>
    public IEnumerable<Step> Truncate(SimInode ino, long size, OpResult res)
    {
        while (!ino.IRwsem.TryWrite()) yield return Step.Blocked;
        while (!ino.InvalidateLock.TryWrite()) yield return Step.Blocked;
        try
        {
            if (size > MaxBytes) { res.Ret = -FuseErrno.EFBIG; yield break; }
            if (Options.FlushBeforeTruncate)
                foreach (var s in WriteAndWait(ino, 0, long.MaxValue, "truncate-preflush")) yield return s;
            Charge(FuseOpcode.Setattr, ino);
            int err = Server.SetattrSize(ino.NodeId, size, out var attr);
            if (err != 0) { res.Ret = err; yield break; }
            if (attr.Size < ino.Size) ino.TruncateWindowFrom = attr.Size;
            yield return Step.Ran;   // the server has already freed the blocks past the new size
            foreach (var s in Setsize(ino, attr.Size, e => err = e)) yield return s;
            res.Ret = err;
        }
        finally
        {
            ino.TruncateWindowFrom = null;
            ino.InvalidateLock.ReleaseWrite();
            ino.IRwsem.ReleaseWrite();
            res.Done = true;
        }
    }

    /// <summary>open(O_TRUNC) on a FILEIO inode with atomic_o_trunc (seed 9513-9530): FUSE_OPEN truncates on the
    /// server, then the kernel sets i_size 0, truncates the page cache and destroys the mapping cache (no sequence
    /// bump).</summary>
    public IEnumerable<Step> OpenTruncate(SimInode ino, OpResult res)
    {
        while (!ino.IRwsem.TryWrite()) yield return Step.Blocked;
        while (!ino.InvalidateLock.TryWrite()) yield return Step.Blocked;
        try
        {
            if (Options.FlushBeforeTruncate)
                foreach (var s in WriteAndWait(ino, 0, long.MaxValue, "otrunc-preflush")) yield return s;
            Charge(FuseOpcode.Open, ino);
            int err = Server.Open(ino.NodeId, truncate: true);
            if (err != 0) { res.Ret = err; yield break; }
            ino.TruncateWindowFrom = 0;
            yield return Step.Ran;
            foreach (var s in TruncateSetsize(ino, 0)) yield return s;
            ino.TruncateWindowFrom = null;
            ino.Cache.InvalidateToEof(0);
            res.Ret = 0;
        }
        finally
        {
            ino.TruncateWindowFrom = null;
            ino.InvalidateLock.ReleaseWrite();
            ino.IRwsem.ReleaseWrite();
            res.Done = true;
        }
    }
}
