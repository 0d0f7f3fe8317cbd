using IomapModel.Ext4;

namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// How fuse2fs turns a file range into the read mapping of a FUSE_IOMAP_BEGIN reply, for reads and reports (seed
/// 14912-15205: <c>fuse2fs_iomap_begin_extent</c>, <c>_indirect</c>, <c>_inline</c>, <c>_hole_to_eof</c>). A pure
/// function of the file's layout: the server's write path allocates first and then asks this again.
/// </summary>
public static class Fuse2fsMapping
{
    /// <summary>The read mapping fuse2fs answers for [pos, pos+count) on a file with this layout.</summary>
    public static FuseIomap Begin(Ext4FileLayout file, uint blockSize, ulong pos, ulong count, uint dev, Fuse2fsQuirks quirks) =>
        file.Kind switch
        {
            Ext4FileKind.InlineData => Inline(file, blockSize, pos, count),
            Ext4FileKind.Extents => Extent(file, blockSize, pos, count, dev),
            _ => Indirect(file, blockSize, pos, count, dev, quirks),
        };

    /// <summary><c>fuse2fs_iomap_hole_to_eof</c>: a hole from pos's block to the end of the block holding
    /// max(pos+count, i_size) — "there's nothing mapped beyond here".</summary>
    public static FuseIomap HoleToEof(ulong isize, uint bs, ulong pos, ulong count)
    {
        unchecked
        {
            ulong start = pos - pos % bs;
            ulong end = Math.Max(pos + count, isize);
            end = end % bs != 0 ? end + bs - end % bs : end;
            return Hole(start, end - start);
        }
    }

    private static FuseIomap Hole(ulong offset, ulong length) =>
        new(unchecked((long)offset), length, FuseIomapConstants.NullAddr, FuseIomapType.Hole, FuseIomapFlags.None, FuseIomapConstants.DevNull);

    private static FuseIomap Extent(Ext4FileLayout file, uint bs, ulong pos, ulong count, uint dev)
    {
        var extents = file.Extents;
        if (extents.Count == 0) return HoleToEof((ulong)file.Size, bs, pos, count);
        ulong startoff = pos / bs;
        // ext2fs_extent_goto lands on the last extent starting at or before startoff, or on the first one.
        int i = LastStartingAtOrBefore(extents, startoff);
        var ext = extents[Math.Max(i, 0)];
        if (startoff < (ulong)ext.LogicalBlock)
            return Hole(startoff * bs, ((ulong)ext.LogicalBlock - startoff) * bs);
        if (startoff >= (ulong)ext.EndBlock)
        {
            if (i + 1 >= extents.Count) return HoleToEof((ulong)file.Size, bs, pos, count);
            ext = extents[i + 1];
            if (startoff < (ulong)ext.LogicalBlock)
                return Hole(startoff * bs, ((ulong)ext.LogicalBlock - startoff) * bs);
        }
        return new FuseIomap(ext.LogicalBlock * bs, (ulong)ext.Length * bs, (ulong)ext.PhysicalBlock * bs,
            ext.Unwritten ? FuseIomapType.Unwritten : FuseIomapType.Mapped, FuseIomapFlags.None, dev);
    }

    private static int LastStartingAtOrBefore(IReadOnlyList<Ext4Extent> extents, ulong block)
    {
        int lo = 0, hi = extents.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if ((ulong)extents[mid].LogicalBlock <= block) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary><c>fuse2fs_iomap_begin_indirect</c>: block-by-block bmap from pos's block, extending a mapped run while
    /// the next block is physically adjacent, up to <c>endoff</c>. The per-block loop is evaluated over the file's
    /// maximal runs, which gives the same answer without visiting every block.</summary>
    private static FuseIomap Indirect(Ext4FileLayout file, uint bs, ulong pos, ulong count, uint dev, Fuse2fsQuirks quirks)
    {
        unchecked
        {
            const ulong Window = 131072;
            ulong realCount = quirks.MinIsMax ? Math.Max(count, Window) : Math.Min(count, Window);
            ulong startoff = pos / bs;
            ulong endoff = (pos + realCount + bs - 1) / bs;
            long offset = (long)(quirks.UnalignedIndirectOffset ? pos : pos - pos % bs);
            ulong limit = Math.Max(endoff, startoff + 1);   // the first block is always answered
            int i = LastStartingAtOrBefore(file.Extents, startoff);
            if (i >= 0 && startoff < (ulong)file.Extents[i].EndBlock)
            {
                var run = file.Extents[i];
                ulong blocks = Math.Min((ulong)run.EndBlock, limit) - startoff;
                return new FuseIomap(offset, blocks * bs, (ulong)(run.PhysicalBlock + (long)(startoff - (ulong)run.LogicalBlock)) * bs,
                    FuseIomapType.Mapped, FuseIomapFlags.Merged, dev);
            }
            ulong holeBlocks = 1;
            if (!quirks.OneBlockIndirectHoles)
            {
                ulong next = i + 1 < file.Extents.Count ? (ulong)file.Extents[i + 1].LogicalBlock : ulong.MaxValue;
                holeBlocks = Math.Min(next, limit) - startoff;
            }
            return new FuseIomap(offset, holeBlocks * bs, FuseIomapConstants.NullAddr, FuseIomapType.Hole, FuseIomapFlags.Merged,
                FuseIomapConstants.DevNull);
        }
    }

    /// <summary><c>fuse2fs_iomap_begin_inline</c>: "ext4 only supports inline data files up to 1 fsb".</summary>
    private static FuseIomap Inline(Ext4FileLayout file, uint bs, ulong pos, ulong count) =>
        pos >= bs
            ? HoleToEof((ulong)file.Size, bs, pos, count)
            : new FuseIomap(0, bs, FuseIomapConstants.NullAddr, FuseIomapType.Inline, FuseIomapFlags.None, FuseIomapConstants.DevNull);
}
