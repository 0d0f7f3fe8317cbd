using IomapModel.IextTree;
using IomapModel.KernelSim.Scheduling;

namespace IomapModel.KernelSim.Kernel;

public sealed partial class SimKernel
{
    /// <summary><c>fuse_iomap_direct_read</c> → <c>iomap_dio_rw</c> (seed 2982-3000): i_rwsem shared, flush the range,
    /// one iteration (opflags DIRECT) per mapping: HOLE and UNWRITTEN read as zeros, MAPPED from the device, DELALLOC
    /// -EIO. Clamped at i_size; positions and lengths must be 512-byte aligned (-EINVAL).</summary>
    public IEnumerable<Step> DirectRead(SimInode ino, long pos, int length, OpResult res)
    {
        while (!ino.IRwsem.TryRead()) yield return Step.Blocked;
        try
        {
            if (((pos | (long)length) & 511) != 0) { res.Ret = -FuseErrno.EINVAL; yield break; }
            long end = Math.Min(pos + length, ino.Size);
            if (pos >= end) { res.Ret = 0; res.Data = []; yield break; }
            foreach (var s in WriteAndWait(ino, pos, end)) yield return s;
            end = Math.Min(pos + length, ino.Size);
            var data = new byte[end - pos];
            long cur = pos;
            while (cur < end)
            {
                int err = IomapBegin(ino, cur, (ulong)(end - cur), FuseIomapOp.Direct, out var m, out _);
                if (err != 0) { res.Ret = cur > pos ? cur - pos : err; res.Data = data[..(int)(cur - pos)]; yield break; }
                long stop = Math.Min((long)m.End, end);
                if (m.Type == FuseIomapType.Mapped)
                {
                    DeviceRead(m.Dev, m.AddrOf(cur), data.AsSpan((int)(cur - pos), (int)(stop - cur)));
                }
                else if (m.Type == FuseIomapType.Delalloc)
                {
                    res.Ret = cur > pos ? cur - pos : -FuseErrno.EIO;
                    res.Data = data[..(int)(cur - pos)];
                    yield break;
                }
                cur = stop;
                yield return Step.Ran;
            }
            res.Data = data;
            res.Ret = data.Length;
        }
        finally
        {
            ino.IRwsem.ReleaseRead();
            res.Done = true;
        }
    }

    /// <summary><c>fuse_iomap_direct_write</c> (seed 3667-3710): unaligned to i_blocksize → -ENOTBLK and the buffered
    /// fallback (not synchronous, seed-iomap.md §8 item 21); else i_rwsem exclusive, write_checks, flush and invalidate
    /// the page cache, one iteration (DIRECT|WRITE) per mapping (HOLE/DELALLOC -EIO), then end_io →
    /// FUSE_IOMAP_IOEND (DIRECT, +UNWRITTEN/+SHARED/+APPEND), whose error becomes the result.</summary>
    public IEnumerable<Step> DirectWrite(SimInode ino, long pos, byte[] data, OpResult res)
    {
        if (((pos | (long)data.Length) & (BlockSize - 1)) != 0)
        {
            foreach (var s in BufferedWrite(ino, pos, data, res)) yield return s;
            yield break;
        }
        if (data.Length == 0) { res.Ret = 0; res.Done = true; yield break; }
        while (!ino.IRwsem.TryWrite()) yield return Step.Blocked;
        try
        {
            if (pos + data.Length > MaxBytes) { res.Ret = -FuseErrno.EFBIG; yield break; }
            int err = 0;
            foreach (var s in WriteZeroEof(ino, pos, e => err = e)) yield return s;
            if (err != 0) { res.Ret = err; yield break; }
            long end = pos + data.Length;
            foreach (var s in WriteAndWait(ino, pos, end)) yield return s;
            foreach (var s in DropPagecacheRange(ino, pos, end)) yield return s;
            long cur = pos;
            bool unwritten = false, cow = false;
            while (cur < end)
            {
                err = IomapBegin(ino, cur, (ulong)(end - cur), FuseIomapOp.Direct | FuseIomapOp.Write, out var m, out _);
                if (err != 0) break;
                if (m.Type is FuseIomapType.Hole or FuseIomapType.Delalloc or FuseIomapType.Inline) { err = -FuseErrno.EIO; break; }
                long stop = Math.Min((long)m.End, end);
                unwritten |= m.Type == FuseIomapType.Unwritten;
                cow |= (m.Flags & FuseIomapFlags.Shared) != 0;
                DeviceWrite(ino, cur, m.Dev, m.AddrOf(cur), data.AsSpan((int)(cur - pos), (int)(stop - cur)), "dio");
                cur = stop;
                yield return Step.Ran;
            }
            // iomap_dio_complete: end_io gets (dio->size, dio->error); its return value is the result, so an error
            // fails the write even after a partial transfer.
            long written = cur - pos;
            var flags = FuseIomapIoendFlags.Direct | (unwritten ? FuseIomapIoendFlags.Unwritten : 0) | (cow ? FuseIomapIoendFlags.Shared : 0);
            err = IomapIoend(ino, pos, (ulong)written, err, flags);
            foreach (var s in DropPagecacheRange(ino, pos, end)) yield return s;
            res.Ret = err != 0 ? err : written;
        }
        finally
        {
            ino.IRwsem.ReleaseWrite();
            res.Done = true;
        }
    }

    /// <summary><c>truncate_pagecache_range</c>/<c>invalidate_inode_pages2_range</c> over whole folios touching
    /// [start, end): waits for writeback, then drops them (dirty data in them is lost, as in the kernel).</summary>
    internal IEnumerable<Step> DropPagecacheRange(SimInode ino, long start, long end)
    {
        while (ino.Pages.InRange(start, end).Any(f => f.UnderWriteback)) yield return Step.Blocked;
        foreach (var f in ino.Pages.InRange(start, end)) ino.Pages.Remove(f.Index);
    }
}
