using IomapModel.Ext4;

namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// <c>fuse2fs_convert_unwritten_mappings</c> (seed 16205-16488): FUSE_IOMAP_IOEND with UNWRITTEN turns
/// [pos, pos+written) (whole blocks) written, splitting unwritten extents at the edges, then tries to merge each
/// converted piece with its left neighbour (<c>fuse2fs_try_merge_mappings</c>) and finally the right edge.
/// Holes inside the range are skipped ("racing writes"); written extents are left alone.
/// </summary>
internal static class Ext4UnwrittenConversion
{
    /// <summary><c>EXT_INIT_MAX_LEN</c>.</summary>
    public const long MaxInitLen = 32768;

    /// <summary>Returns 0, or -EUCLEAN when the walk would go backwards (<c>EXT2_ET_INODE_CORRUPTED</c>).</summary>
    public static int Convert(Ext4ServerFile file, uint blockSize, ulong pos, ulong written)
    {
        long start = (long)(pos / blockSize);
        long stop = (long)((pos + written + blockSize - 1) / blockSize);
        while (start < stop)
        {
            long old = start;
            start = ConvertOne(file, start, stop);
            if (start <= old) return -FuseErrno.EUCLEAN;   // "Do not go backwards."
        }
        TryMerge(file, stop);
        return 0;
    }

    /// <summary><c>fuse2fs_convert_unwritten_mapping</c>: one extent at the cursor; returns the new cursor.</summary>
    private static long ConvertOne(Ext4ServerFile file, long startoff, long stopoff)
    {
        int i = file.GotoIndex(startoff);
        if (i < 0) return stopoff;                         // completely sparse
        var extent = file.Extents[i];
        if (startoff >= extent.EndBlock)
        {
            if (++i >= file.Extents.Count) return stopoff;  // no next mapping
            extent = file.Extents[i];
        }
        if (extent.LogicalBlock >= stopoff) return stopoff;
        if (extent.Unwritten)
        {
            if (startoff > extent.LogicalBlock)
            {
                // Shorten the unwritten mapping in front of startoff, then insert the written rest after it.
                long head = startoff - extent.LogicalBlock;
                file.Replace(i, extent with { Length = head });
                extent = new Ext4Extent(startoff, extent.Length - head, extent.PhysicalBlock + head, Unwritten: false);
                i = file.Insert(extent);
            }
            if (extent.EndBlock > stopoff)
            {
                var tail = extent;
                extent = extent with { Length = stopoff - extent.LogicalBlock, Unwritten = false };
                file.Replace(i, extent);
                file.Insert(tail with
                {
                    LogicalBlock = tail.LogicalBlock + extent.Length, PhysicalBlock = tail.PhysicalBlock + extent.Length,
                    Length = tail.Length - extent.Length, Unwritten = true,
                });
            }
            if (extent.Unwritten)
            {
                extent = extent with { Unwritten = false };
                file.Replace(i, extent);
            }
        }
        if (startoff > 0) TryMerge(file, startoff);
        return extent.LogicalBlock + extent.Length;
    }

    /// <summary><c>fuse2fs_try_merge_mappings</c>: join the mapping at startoff-1 with the one at startoff when
    /// <c>fuse2fs_can_merge_mappings</c> allows it.</summary>
    private static void TryMerge(Ext4ServerFile file, long startoff)
    {
        int l = file.GotoIndex(startoff - 1), r = file.GotoIndex(startoff);
        if (l < 0 || r < 0) return;
        var left = file.Extents[l];
        var right = file.Extents[r];
        long max = left.Unwritten ? Ext4Fallocate.MaxUninitLen : MaxInitLen;
        bool can = left.EndBlock == right.LogicalBlock && left.PhysicalBlock + left.Length == right.PhysicalBlock &&
                   left.Unwritten == right.Unwritten && left.Length + right.Length <= max;
        if (!can) return;
        file.Delete(r);
        file.Replace(l, left with { Length = left.Length + right.Length });
    }
}
