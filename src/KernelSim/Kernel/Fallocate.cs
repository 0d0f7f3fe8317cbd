using IomapModel.KernelSim.Scheduling;

namespace IomapModel.KernelSim.Kernel;

public sealed partial class SimKernel
{
    /// <summary>fallocate(2) on a FILEIO inode (seed 4450-4540, 5194-5282, 9573-9590). Only KEEP_SIZE, PUNCH_HOLE
    /// (with KEEP_SIZE) and ZERO_RANGE are accepted; COLLAPSE_RANGE, INSERT_RANGE and the rest are -EOPNOTSUPP before
    /// anything happens. Punch and zero flush and unmap the range rounded to max(blocksize, PAGE_SIZE); then
    /// FUSE_FALLOCATE; then the cache range is invalidated, partial blocks inside EOF are zeroed through the page
    /// cache (the EOF page flushed), and an extending allocation sets the size.</summary>
    public IEnumerable<Step> Fallocate(SimInode ino, FallocMode mode, long offset, long length, OpResult res)
    {
        const FallocMode supported = FallocMode.KeepSize | FallocMode.PunchHole | FallocMode.ZeroRange;
        if ((mode & ~supported) != 0 || ((mode & FallocMode.PunchHole) != 0 && (mode & FallocMode.KeepSize) == 0))
        {
            res.Ret = -FuseErrno.EOPNOTSUPP; res.Done = true;
            yield break;
        }
        if (offset < 0 || length <= 0) { res.Ret = -FuseErrno.EINVAL; res.Done = true; yield break; }
        while (!ino.IRwsem.TryWrite()) yield return Step.Blocked;
        while (!ino.InvalidateLock.TryWrite()) yield return Step.Blocked;
        try
        {
            bool punchOrZero = (mode & (FallocMode.PunchHole | FallocMode.ZeroRange)) != 0;
            if (punchOrZero)
            {
                // fuse_iomap_flush_unmap_range
                long r = Math.Max(BlockSize, PageSize);
                long s0 = RoundDown(offset, r), e0 = RoundUp(offset + length, r);
                foreach (var s in WriteAndWait(ino, s0, e0, "falloc-flush")) yield return s;
                foreach (var s in DropPagecacheRange(ino, s0, e0)) yield return s;
            }
            long newsize = 0;
            if ((mode & FallocMode.KeepSize) == 0 && offset + length > ino.Size)
            {
                if (offset + length > MaxBytes) { res.Ret = -FuseErrno.EFBIG; yield break; }
                newsize = offset + length;
            }
            Charge(FuseOpcode.Fallocate, ino);
            int err = Server.Fallocate(ino.NodeId, mode, offset, length);
            if (err == -FuseErrno.ENOSYS) err = -FuseErrno.EOPNOTSUPP;
            if (err != 0) { res.Ret = err; yield break; }
            err = ino.Cache.InvalidateRange(offset, (ulong)length);
            if (err != 0) { res.Ret = err; yield break; }
            if (punchOrZero && offset < ino.Size)
            {
                // fuse_iomap_punch_range: never zero past EOF
                long len = Math.Min(length, ino.Size - offset);
                foreach (var s in ZeroRange(ino, offset, len, e => err = e)) yield return s;
                if (err != 0) { res.Ret = err; yield break; }
                if (offset + len >= ino.Size && (offset + len) % PageSize != 0)
                    foreach (var s in WriteAndWait(ino, RoundDown(offset + len, PageSize), long.MaxValue, "falloc-eof")) yield return s;
            }
            if (newsize != 0)
                foreach (var s in Setsize(ino, newsize, e => err = e)) yield return s;
            res.Ret = err;
        }
        finally
        {
            ino.InvalidateLock.ReleaseWrite();
            ino.IRwsem.ReleaseWrite();
            res.Done = true;
        }
    }

    /// <summary>copy_file_range(2) into a FILEIO inode (seed 4530-4545, 9531-9540): flush both ranges, wait for DIO,
    /// FUSE_COPY_FILE_RANGE (the server copies the blocks), grow i_size, invalidate the destination's cached mappings.
    /// The destination page cache is not dropped (unless <see cref="SimOptions.CopyRangeDropsPageCache"/>).</summary>
    public IEnumerable<Step> CopyFileRange(SimInode src, long offIn, SimInode dst, long offOut, long length, OpResult res)
    {
        while (!dst.IRwsem.TryWrite()) yield return Step.Blocked;
        try
        {
            foreach (var s in WriteAndWait(src, offIn, offIn + length, "copy-flush")) yield return s;
            foreach (var s in WriteAndWait(dst, offOut, offOut + length, "copy-flush")) yield return s;
            Charge(FuseOpcode.CopyFileRange, dst);
            int err = Server.CopyFileRange(src.NodeId, offIn, dst.NodeId, offOut, (ulong)length, out uint copied);
            if (err != 0) { res.Ret = err; yield break; }
            if (copied > 0 && offOut + copied > dst.Size) dst.Size = offOut + copied;
            dst.Cache.InvalidateRange(offOut, copied);
            if (Options.CopyRangeDropsPageCache)
                foreach (var s in DropPagecacheRange(dst, offOut, offOut + copied)) yield return s;
            res.Ret = copied;
        }
        finally
        {
            dst.IRwsem.ReleaseWrite();
            res.Done = true;
        }
    }
}
