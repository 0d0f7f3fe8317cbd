namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// Which blocks of a block-mapped (direct/indirect) file libext2fs's <c>ext2fs_punch</c> really frees for a request
/// to free blocks [start, end]: <c>ext2fs_punch_ind</c> walks the direct, IND, DIND and TIND regions and
/// <c>ind_punch</c> recurses into each indirect block (upstream e2fsprogs <c>lib/ext2fs/punch.c</c>, not in the seed;
/// identical in v1.47.0, Debian 12's, and in the July 2025 master the RFC's fuse2fs was built on). Two counting slips,
/// reproduced with the C's blk_t (u32) and blk64_t (u64) arithmetic (finding F17):
/// <list type="bullet">
/// <item>the recursion passes <c>count - offset</c>, a length minus a position, so from the second indirect block
/// under a DIND or TIND the count wraps to nearly 2^64 and every mapped block from the start to the end of that
/// indirect block is freed: on 1 KiB blocks punching block 620 also frees 640 (fixed upstream in October 2025,
/// e2fsprogs c49656b1, after the RFC);</item>
/// <item>a request that crosses from one region into the next carries on only when <c>count</c> exceeds the whole
/// region size (<c>if (count &gt; max)</c>), so punching blocks 10-13 frees 10 and 11 and keeps 12 and 13 (still in
/// upstream master).</item>
/// </list>
/// Subtrees with no mapped block are skipped, as the C skips null pointers. Indirect blocks themselves are not
/// modelled (the server does not allocate them either).
/// </summary>
internal static class Ext2IndirectPunch
{
    private const int DirectBlocks = 12;
    private const ulong BlkTMax = uint.MaxValue;

    /// <param name="blockSizeBits">log2 of the block size.</param>
    /// <param name="anyMapped">Whether any block in [first, first+count) is mapped.</param>
    /// <returns>Maximal runs of file blocks the call frees (only mapped blocks), ascending.</returns>
    public static List<(long First, long Count)> Freed(int blockSizeBits, long start, long end, Func<long, long, bool> anyMapped)
    {
        var freed = new List<(long First, long Count)>();
        if (start > end || (ulong)start > BlkTMax) return freed;
        ulong s = (ulong)start, e = (ulong)end;
        uint count = e >= BlkTMax || e - s + 1 >= BlkTMax ? (uint)(BlkTMax - s) : (uint)(e - s + 1);
        int bits = blockSizeBits - 2;
        ulong perBlock = 1UL << bits;
        ulong max = DirectBlocks;
        int entries = DirectBlocks;
        long regionBase = 0;
        for (int level = 0; level < 4; level++, max *= perBlock)
        {
            if (s < max)
            {
                Walk(level, regionBase, s, count, entries);
                if (count > max) count = unchecked((uint)(count - (max - s)));
                else break;
                s = 0;
            }
            else s -= max;
            regionBase += (long)max;
            if (level == 0) { entries = 1; max = 1; }
        }
        return freed;

        void Walk(int level, long firstBlock, ulong from, ulong n, int slots)
        {
            ulong incr = 1UL << (bits * level);
            ulong stop = unchecked(from + n);
            ulong offset = 0;
            for (int i = 0; i < slots; i++, offset += incr)
            {
                if (offset >= stop) break;
                long at = firstBlock + (long)offset;
                if (offset + incr <= from || !anyMapped(at, (long)incr)) continue;
                if (level > 0)
                    Walk(level - 1, at, from > offset ? (uint)(from - offset) : 0u, unchecked(n - offset), (int)perBlock);
                else if (freed.Count > 0 && freed[^1].First + freed[^1].Count == at)
                    freed[^1] = (freed[^1].First, freed[^1].Count + 1);
                else
                    freed.Add((at, 1));
            }
        }
    }
}
