using IomapModel.IextTree;
using IomapModel.KernelSim.PageCache;
using IomapModel.KernelSim.Scheduling;

namespace IomapModel.KernelSim.Kernel;

public sealed partial class SimKernel
{
    /// <summary>
    /// One <c>fuse_iomap_writepages</c> pass over the dirty folios in [start, end) (seed 4813-4925, 9264-9290), one step
    /// per folio, no i_rwsem. For each dirty block range <c>fuse_iomap_map_blocks</c> reuses the pass's mapping
    /// (<c>wpc-&gt;iomap</c>) while the offset is inside it and, with the cache, its validity cookie still matches;
    /// otherwise it asks again with opflags DIRECT|WRITE. MAPPED/UNWRITTEN blocks are written to the device at once
    /// (the bio) and collected in ioends that go to the ioend worker; a HOLE cleans the blocks without IO.
    /// </summary>
    public IEnumerable<Step> Writeback(SimInode ino, long start = 0, long end = long.MaxValue, string path = "writeback")
    {
        KIomap? wpc = null;
        Ioend? cur = null;
        long idx = start / PageSize;
        long endIdx = end == long.MaxValue ? long.MaxValue : (end + PageSize - 1) / PageSize;
        Folio? folio;
        while ((folio = ino.Pages.NextDirty(idx, endIdx)) != null)
        {
            idx = folio.Index + 1;
            long isize = ino.Size;
            if (folio.Pos >= isize)
            {
                Array.Clear(folio.Dirty);   // wholly past EOF: invalidated, not written
                continue;
            }
            folio.WritebackCount++;
            var dirty = (bool[])folio.Dirty.Clone();
            Array.Clear(folio.Dirty);
            if (folio.Pos + PageSize > isize)
                folio.Data.AsSpan((int)(isize - folio.Pos)).Clear();   // zero the post-EOF part of the EOF folio
            int error = 0;
            for (int b = 0; b < folio.Blocks && error == 0; b++)
            {
                long p = folio.Pos + (long)b * BlockSize;
                if (!dirty[b] || p >= isize) continue;
                int e = b;
                while (e + 1 < folio.Blocks && dirty[e + 1] && folio.Pos + (long)(e + 1) * BlockSize < isize) e++;
                long q = folio.Pos + (long)(e + 1) * BlockSize;
                b = e;
                while (p < q)
                {
                    error = MapBlocks(ino, ref wpc, p, q - p);
                    if (error != 0) break;
                    var m = wpc!.Value;
                    long stop = Math.Min((long)m.End, q);
                    switch (m.Type)
                    {
                        case FuseIomapType.Hole:
                            Counters.SilentHoleDrops += (stop - p) / BlockSize;
                            break;
                        case FuseIomapType.Mapped or FuseIomapType.Unwritten:
                            DeviceWrite(ino, p, m.Dev, m.AddrOf(p), folio.Data.AsSpan((int)(p - folio.Pos), (int)(stop - p)), path);
                            bool unwritten = m.Type == FuseIomapType.Unwritten, shared = (m.Flags & FuseIomapFlags.Shared) != 0;
                            if (cur == null || !cur.CanAppend(p, m.AddrOf(p), m.Dev, unwritten, shared))
                            {
                                if (cur != null) ino.IoendList.Add(cur);
                                cur = new Ioend(p, m.AddrOf(p), m.Dev, unwritten, shared);
                            }
                            cur.Size += (ulong)(Math.Min(stop, isize) - p);   // io_size is clamped to EOF
                            if (!cur.Folios.Contains(folio)) { cur.Folios.Add(folio); folio.WritebackCount++; }
                            break;
                        default:
                            error = -FuseErrno.EIO;   // INLINE (WARN), DELALLOC (no usable sector)
                            break;
                    }
                    p = stop;
                }
            }
            if (error != 0)
            {
                ino.MappingError = error;           // discard_folio only logs; the folio is left clean
                wpc = null;
            }
            folio.WritebackCount--;
            yield return Step.Ran;
        }
        if (cur != null) ino.IoendList.Add(cur);
    }

    /// <summary><c>fuse_iomap_map_blocks</c> with <c>fuse_iomap_revalidate_writeback</c>.</summary>
    private int MapBlocks(SimInode ino, ref KIomap? wpc, long offset, long len)
    {
        Trace("fuse_iomap_map_blocks", ino, () => $"offset {offset} count {len}");
        if (wpc is { } held && held.Contains(offset))
        {
            if (!Options.Revalidate) return 0;
            bool hasCookie = held.FromCache || Options.UpcallMappingsCarryCookie;
            if (hasCookie && ino.Cache.Revalidate(held.ValidityCookie)) return 0;
            if (hasCookie)
            {
                Counters.StaleWriteback++;
                Trace("fuse_iomap_invalid", ino, () => $"offset {held.Offset} length {held.Length} cookie {held.ValidityCookie} seq {ino.Cache.Sequence}");
            }
        }
        int err = IomapBegin(ino, offset, (ulong)len, FuseIomapOp.Direct | FuseIomapOp.Write, out var m, out _);
        if (err != 0) return err;
        if (m.Offset > offset)   // dead code after validation (seed-iomap.md §8 item 2), kept for fidelity
            m = m with { Length = (ulong)(m.Offset - offset), Offset = offset, Type = FuseIomapType.Hole };
        wpc = m;
        return 0;
    }

    /// <summary>The ioend worker (<c>fuse_iomap_end_io</c>, seed 4766-4812), a daemon: splice an inode's completed
    /// ioends, sort and merge them, then per ioend send FUSE_IOMAP_IOEND (result ignored, seed-iomap.md §8 item 3)
    /// and end writeback on its folios. One ioend per step.</summary>
    public IEnumerable<Step> IoendWorker()
    {
        var queue = new Queue<(SimInode, Ioend)>();
        while (true)
        {
            if (queue.Count == 0)
            {
                foreach (var ino in _inodes.Values.Where(i => i.IoendList.Count > 0))
                {
                    var list = ino.IoendList.OrderBy(i => i.Pos).ToList();
                    ino.IoendList.Clear();
                    Ioend? acc = null;
                    foreach (var io in list)
                    {
                        if (acc != null && acc.Error == io.Error && acc.CanAppend(io.Pos, io.Addr, io.Dev, io.Unwritten, io.Shared))
                        {
                            acc.Size += io.Size;
                            acc.Folios.AddRange(io.Folios);
                            continue;
                        }
                        if (acc != null) queue.Enqueue((ino, acc));
                        acc = io;
                    }
                    if (acc != null) queue.Enqueue((ino, acc));
                }
            }
            if (queue.Count == 0) { yield return Step.Idle; continue; }
            var (inode, ioend) = queue.Dequeue();
            var flags = (ioend.Shared ? FuseIomapIoendFlags.Shared : 0) | (ioend.Unwritten ? FuseIomapIoendFlags.Unwritten : 0);
            IomapIoend(inode, ioend.Pos, ioend.Size, ioend.Error, flags);
            foreach (var f in ioend.Folios) f.WritebackCount--;
            yield return Step.Ran;
        }
    }

    /// <summary><c>filemap_write_and_wait_range</c>: a writeback pass, then wait until no folio in the range is under
    /// writeback (the ioend worker ends it).</summary>
    internal IEnumerable<Step> WriteAndWait(SimInode ino, long start, long end, string path = "flush")
    {
        foreach (var s in Writeback(ino, start, end, path)) yield return s;
        while (ino.Pages.InRange(start, end).Any(f => f.UnderWriteback || f.IsDirty))
        {
            if (ino.Pages.InRange(start, end).Any(f => f.IsDirty && !f.UnderWriteback))
                foreach (var s in Writeback(ino, start, end, path)) yield return s;
            else
                yield return Step.Blocked;
        }
    }

    /// <summary>fsync: write back and wait for the whole file, then FUSE_FSYNC; reports and clears a writeback error.</summary>
    public IEnumerable<Step> Fsync(SimInode ino, OpResult res, bool datasync = false)
    {
        foreach (var s in WriteAndWait(ino, 0, long.MaxValue, "fsync")) yield return s;
        Charge(FuseOpcode.Fsync, ino);
        int err = Server.Fsync(ino.NodeId, datasync);
        res.Ret = ino.MappingError != 0 ? ino.MappingError : err == -FuseErrno.ENOSYS ? 0 : err;
        ino.MappingError = 0;
        res.Done = true;
        yield return Step.Ran;
    }

    /// <summary>syncfs: write back every inode, then FUSE_SYNCFS.</summary>
    public IEnumerable<Step> Syncfs(OpResult res)
    {
        foreach (var ino in _inodes.Values.ToList())
            foreach (var s in WriteAndWait(ino, 0, long.MaxValue, "syncfs")) yield return s;
        Charge(FuseOpcode.Syncfs);
        res.Ret = Server.Syncfs();
        res.Done = true;
        yield return Step.Ran;
    }

    /// <summary>Reclaim of clean page cache: drops clean folios not under writeback (all of them, or up to
    /// <paramref name="max"/> chosen by <paramref name="pick"/>). One step.</summary>
    public IEnumerable<Step> EvictClean(SimInode ino, int max = int.MaxValue, Random? pick = null)
    {
        var clean = ino.Pages.Folios.Where(f => !f.IsDirty && !f.UnderWriteback).ToList();
        if (pick != null) clean = clean.OrderBy(_ => pick.Next()).ToList();
        foreach (var f in clean.Take(max)) ino.Pages.Remove(f.Index);
        yield return Step.Ran;
    }
}
