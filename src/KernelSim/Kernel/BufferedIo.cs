using IomapModel.IextTree;
using IomapModel.KernelSim.PageCache;
using IomapModel.KernelSim.Scheduling;

namespace IomapModel.KernelSim.Kernel;

public sealed partial class SimKernel
{
    /// <summary>The iomap core's read rule (<c>iomap_block_needs_zeroing</c>): zeros unless the source is MAPPED, not
    /// NEW, and the block starts below i_size; else read the device at addr + pos - offset.</summary>
    private void FillBlock(SimInode ino, Folio folio, int block, in KIomap src)
    {
        long bp = folio.Pos + (long)block * BlockSize;
        var span = folio.Data.AsSpan(block * (int)BlockSize, (int)BlockSize);
        if (src.Type != FuseIomapType.Mapped || (src.Flags & FuseIomapFlags.New) != 0 || bp >= ino.Size)
            span.Clear();
        else
            DeviceRead(src.Dev, src.AddrOf(bp), span);
        folio.Uptodate[block] = true;
    }

    /// <summary>One <c>iomap_readahead</c>/<c>iomap_read_folio</c> run over [start, end): an iomap iteration (opflags 0)
    /// per mapping, filling the blocks that are not uptodate. Yields between iterations.</summary>
    private IEnumerable<Step> ReadIter(SimInode ino, long start, long end, Action<int> onError)
    {
        long cur = start;
        while (cur < end)
        {
            int err = IomapBegin(ino, cur, (ulong)(end - cur), FuseIomapOp.None, out var iomap, out _);
            if (err != 0) { onError(err); yield break; }
            long stop = Math.Min((long)iomap.End, end);
            for (long b = cur; b < stop; b += BlockSize)
            {
                var folio = ino.Pages.GetOrCreate(b / PageSize);
                int blk = folio.BlockOf(b);
                if (!folio.Uptodate[blk]) FillBlock(ino, folio, blk, iomap);
            }
            IomapEnd(ino, cur, (ulong)(stop - cur), stop - cur, FuseIomapOp.None, iomap);
            cur = stop;
            yield return Step.Ran;
        }
    }

    private bool RangeUptodate(SimInode ino, long start, long end)
    {
        for (long b = RoundDown(start, BlockSize); b < end; b += BlockSize)
        {
            var f = ino.Pages.Get(b / PageSize);
            if (f == null || !f.Uptodate[f.BlockOf(b)]) return false;
        }
        return true;
    }

    /// <summary>Page-cache fill for [pos, end): runs of missing folios go through readahead windows, partially
    /// uptodate folios through read_folio.</summary>
    private IEnumerable<Step> FillRange(SimInode ino, long pos, long end, Action<int> onError)
    {
        long eofPage = RoundUp(ino.Size, PageSize);
        long cur = RoundDown(pos, PageSize);
        long last = Math.Min(RoundUp(end, PageSize), eofPage);
        while (cur < last)
        {
            var f = ino.Pages.Get(cur / PageSize);
            if (f != null && f.Uptodate.All(u => u)) { cur += PageSize; continue; }
            long runEnd = cur + PageSize;
            if (f == null)
                while (runEnd < last && runEnd - cur < Options.ReadaheadBytes && ino.Pages.Get(runEnd / PageSize) == null)
                    runEnd += PageSize;
            int err = 0;
            foreach (var s in ReadIter(ino, cur, runEnd, e => err = e)) yield return s;
            if (err != 0) { onError(err); yield break; }
            cur = runEnd;
        }
    }

    /// <summary><c>fuse_iomap_buffered_read</c> → <c>generic_file_read_iter</c> (seed 4920-4935): i_rwsem shared; fill
    /// the page cache through readahead/read_folio; copy out up to i_size.</summary>
    public IEnumerable<Step> BufferedRead(SimInode ino, long pos, int length, OpResult res)
    {
        while (!ino.IRwsem.TryRead()) yield return Step.Blocked;
        try
        {
            while (true)
            {
                long end = Math.Min(pos + length, ino.Size);
                if (pos >= end || length == 0) { res.Data = []; res.Ret = 0; break; }
                int err = 0;
                foreach (var s in FillRange(ino, pos, end, e => err = e)) yield return s;
                if (err != 0) { res.Ret = err; break; }
                end = Math.Min(pos + length, ino.Size);
                if (!RangeUptodate(ino, pos, end)) continue;   // evicted meanwhile: read again
                res.Data = CopyOut(ino, pos, end);
                res.Ret = res.Data.Length;
                break;
            }
        }
        finally { ino.IRwsem.ReleaseRead(); }
        res.Done = true;
        yield return Step.Ran;
    }

    private byte[] CopyOut(SimInode ino, long pos, long end)
    {
        var data = new byte[Math.Max(0, end - pos)];
        for (long p = pos; p < end;)
        {
            var f = ino.Pages.Get(p / PageSize)!;
            int off = (int)(p - f.Pos);
            int n = (int)Math.Min(PageSize - off, end - p);
            Array.Copy(f.Data, off, data, p - pos, n);
            p += n;
        }
        return data;
    }

    /// <summary>The per-folio part of <c>iomap_write_iter</c>/<c>iomap_zero_iter</c>: write_begin (revalidate a cached
    /// mapping through <c>iomap_valid</c>, read the partially covered blocks that are not uptodate from the source
    /// mapping), copy (or zero), write_end (blocks uptodate and dirty). Returns false when the mapping was stale.</summary>
    private bool WriteFolioChunk(SimInode ino, in KIomap iomap, in KIomap src, long pos, ReadOnlySpan<byte> bytes)
    {
        var folio = ino.Pages.GetOrCreate(pos / PageSize);
        if (iomap.FromCache && Options.Revalidate && !ino.Cache.Revalidate(iomap.ValidityCookie))
        {
            Counters.StaleWriteBegin++;
            var stale = iomap;
            Trace("fuse_iomap_invalid", ino, () => $"offset {stale.Offset} length {stale.Length} cookie {stale.ValidityCookie} seq {ino.Cache.Sequence}");
            return false;
        }
        long end = pos + bytes.Length;
        for (long b = RoundDown(pos, BlockSize); b < end; b += BlockSize)
        {
            int blk = folio.BlockOf(b);
            bool full = b >= pos && b + BlockSize <= end;
            if (!folio.Uptodate[blk] && !full) FillBlock(ino, folio, blk, src);
        }
        bytes.CopyTo(folio.Data.AsSpan((int)(pos - folio.Pos)));
        for (long b = RoundDown(pos, BlockSize); b < end; b += BlockSize)
        {
            int blk = folio.BlockOf(b);
            folio.Uptodate[blk] = true;
            folio.Dirty[blk] = true;
        }
        return true;
    }

    /// <summary>The write loop shared by buffered writes (WRITE) and zeroing (ZERO): one iomap iteration per mapping,
    /// one step per folio; grows i_size and sets SIZE_CHANGED as the core does for writes; a stale mapping ends the
    /// iteration and remaps. <paramref name="data"/> null means zeroing.</summary>
    private IEnumerable<Step> WriteIter(SimInode ino, long pos, long length, byte[]? data, FuseIomapOp op, Action<long, int> done)
    {
        long cur = pos, end = pos + length;
        bool rangeDirty = data == null && ino.Pages.InRange(pos, end).Any(f => f.IsDirty || f.UnderWriteback);
        while (cur < end)
        {
            int err = IomapBegin(ino, cur, (ulong)(end - cur), op, out var iomap, out var srcmap);
            if (err != 0) { done(cur - pos, err); yield break; }
            var src = SrcMap(iomap, srcmap);
            long stop = Math.Min((long)iomap.End, end);
            long start = cur;
            if (data == null && src.Type is FuseIomapType.Hole or FuseIomapType.Unwritten)
            {
                if (rangeDirty)
                {
                    // iomap_zero_iter_flush_and_stale: write back the dirty range, then remap.
                    rangeDirty = false;
                    IomapEnd(ino, start, (ulong)(stop - start), 0, op, iomap);
                    foreach (var s in WriteAndWait(ino, cur, end)) yield return s;
                    continue;
                }
                cur = stop;
                IomapEnd(ino, start, (ulong)(stop - start), stop - start, op, iomap);
                continue;
            }
            bool sizeChanged = false, stale = false;
            while (cur < stop)
            {
                yield return Step.Ran;
                long chunkEnd = Math.Min(stop, RoundDown(cur, PageSize) + PageSize);
                var bytes = data == null ? new byte[chunkEnd - cur] : data.AsSpan((int)(cur - pos), (int)(chunkEnd - cur)).ToArray();
                if (!WriteFolioChunk(ino, iomap, src, cur, bytes)) { stale = true; break; }
                cur = chunkEnd;
                if (data != null && cur > ino.Size) { ino.Size = cur; sizeChanged = true; }
            }
            var ended = iomap with
            {
                Flags = iomap.Flags | (sizeChanged ? FuseIomapFlags.SizeChanged : 0) | (stale ? FuseIomapFlags.Stale : 0),
            };
            IomapEnd(ino, start, (ulong)(stop - start), cur - start, op, ended);
        }
        done(cur - pos, 0);
    }

    /// <summary><c>iomap_zero_range</c> (ZERO): skips HOLE and UNWRITTEN sources unless the range had dirty page cache
    /// (then flush and remap), zeroes everything else through the page cache.</summary>
    internal IEnumerable<Step> ZeroRange(SimInode ino, long pos, long length, Action<int>? onError = null)
    {
        if (length <= 0) yield break;
        foreach (var s in WriteIter(ino, pos, length, null, FuseIomapOp.Zero, (_, e) => { if (e != 0) onError?.Invoke(e); }))
            yield return s;
    }

    /// <summary><c>fuse_iomap_write_checks</c> → <c>fuse_iomap_write_zero_eof</c> (seed 4621-4700): zero [i_size, pos)
    /// under invalidate_lock before a write that starts past EOF.</summary>
    private IEnumerable<Step> WriteZeroEof(SimInode ino, long pos, Action<int> onError)
    {
        if (pos <= ino.Size) yield break;
        while (!ino.InvalidateLock.TryWrite()) yield return Step.Blocked;
        try
        {
            foreach (var s in ZeroRange(ino, ino.Size, pos - ino.Size, onError)) yield return s;
        }
        finally { ino.InvalidateLock.ReleaseWrite(); }
    }

    /// <summary><c>fuse_iomap_buffered_write</c> (seed 5055-5092): i_rwsem exclusive, write_checks (EOF zeroing),
    /// <c>iomap_file_buffered_write</c> with opflags WRITE.</summary>
    public IEnumerable<Step> BufferedWrite(SimInode ino, long pos, byte[] data, OpResult res)
    {
        while (!ino.IRwsem.TryWrite()) yield return Step.Blocked;
        try
        {
            if (pos + data.Length > MaxBytes) { res.Ret = -FuseErrno.EFBIG; yield break; }
            int err = 0;
            foreach (var s in WriteZeroEof(ino, pos, e => err = e)) yield return s;
            if (err != 0) { res.Ret = err; yield break; }
            long written = 0;
            foreach (var s in WriteIter(ino, pos, data.Length, data, FuseIomapOp.Write, (w, e) => { written = w; err = e; }))
                yield return s;
            res.Ret = written > 0 ? written : err;
        }
        finally
        {
            ino.IRwsem.ReleaseWrite();
            res.Done = true;
        }
    }

    /// <summary>A store through a shared writable mapping: <c>filemap_fault</c> (read the folio), then
    /// <c>fuse_iomap_page_mkwrite</c> (seed 4995-5012: invalidate_lock shared, <c>iomap_page_mkwrite</c> with
    /// WRITE|FAULT over the folio, whole folio dirtied), then the store. The range must lie in one page below EOF.</summary>
    public IEnumerable<Step> MmapWrite(SimInode ino, long pos, byte[] data, OpResult res)
    {
        while (!ino.InvalidateLock.TryRead()) yield return Step.Blocked;
        try
        {
            long fpos = RoundDown(pos, PageSize);
            if (pos + data.Length > ino.Size || RoundDown(pos + data.Length - 1, PageSize) != fpos)
            {
                res.Ret = -FuseErrno.EINVAL;   // SIGBUS past EOF; the model allows one page per store
                yield break;
            }
            int err = 0;
            while (true)
            {
                foreach (var s in FillRange(ino, fpos, fpos + PageSize, e => err = e)) yield return s;
                if (err != 0) { res.Ret = err; yield break; }
                var folio = ino.Pages.Get(fpos / PageSize);
                if (folio == null || !folio.Uptodate.All(u => u)) continue;
                // page_mkwrite: map the folio's range inside EOF for WRITE|FAULT; the folio is marked dirty.
                long mkEnd = Math.Min(fpos + PageSize, ino.Size);
                for (long cur = fpos; cur < mkEnd;)
                {
                    err = IomapBegin(ino, cur, (ulong)(mkEnd - cur), FuseIomapOp.Write | FuseIomapOp.Fault, out var iomap, out _);
                    if (err != 0) { res.Ret = err; yield break; }
                    long stop = Math.Min((long)iomap.End, mkEnd);
                    IomapEnd(ino, cur, (ulong)(stop - cur), stop - cur, FuseIomapOp.Write | FuseIomapOp.Fault, iomap);
                    cur = stop;
                }
                if (ino.Pages.Get(fpos / PageSize) != folio) continue;
                Array.Fill(folio.Dirty, true);
                data.CopyTo(folio.Data, (int)(pos - fpos));
                res.Ret = data.Length;
                break;
            }
        }
        finally
        {
            ino.InvalidateLock.ReleaseRead();
            res.Done = true;
        }
        yield return Step.Ran;
    }
}
