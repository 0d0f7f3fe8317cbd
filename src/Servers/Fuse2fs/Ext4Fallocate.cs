using IomapModel.Ext4;
using IomapModel.KernelSim;

namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// libext2fs's <c>ext2fs_fallocate</c> as fuse2fs calls it (<c>fuse2fs_iomap_write_allocate</c>, seed 16076-16110, with
/// <c>EXT2_FALLOCATE_FORCE_UNINIT</c> and goal ~0; <c>fuse2fs_allocate_range</c> with no force flag). The library is
/// not in the seed: this follows upstream e2fsprogs <c>lib/ext2fs/fallocate.c</c> (<c>extent_fallocate</c>,
/// <c>ext_falloc_helper</c> without bigalloc clusters) and the block-at-a-time path for block-mapped files.
/// New extent blocks are always unwritten (neither caller asks for FORCE_INIT).
/// The library is the RFC's (e2fsprogs master of 2025-07-17), not Debian's 1.47.0: it has 149805bf (the gap left of
/// the first extent is filled <c>min(len, gap)</c> at a time) and 459efa34 (no merge of physically apart extents).
/// </summary>
internal sealed class Ext4Fallocate(Ext4BlockBitmap blocks, Ext4Superblock sb, IBlockDevice device, Fuse2fsQuirks quirks)
{
    /// <summary><c>EXT2_FALLOCATE_FORCE_UNINIT</c> and <c>EXT2_FALLOCATE_INIT_BEYOND_EOF</c>.</summary>
    private readonly record struct Mode(bool ForceUninit, bool InitBeyondEof);

    /// <summary><c>EXT_UNINIT_MAX_LEN</c>.</summary>
    public const long MaxUninitLen = 32767;

    /// <summary>Allocates every hole block of [start, start+len) of <paramref name="file"/>; 0, -ENOSPC
    /// (<c>EXT2_ET_BLOCK_ALLOC_FAIL</c>) or -EIO (an inline-data inode: <c>ext2fs_bmap2</c> fails with
    /// <c>EXT2_ET_INLINE_DATA_NO_BLOCK</c>, which fuse2fs's <c>translate_error</c> maps to -EIO).</summary>
    public int Allocate(Ext4ServerFile file, long start, long len, bool forceUninit, bool initBeyondEof = false)
    {
        if ((ulong)len > sb.BlocksCount) return -FuseErrno.ENOSPC;
        if (len == 0) return 0;
        return file.Kind switch
        {
            Ext4FileKind.Extents => ExtentFallocate(file, start, len, new Mode(forceUninit, initBeyondEof)),
            Ext4FileKind.InlineData => -FuseErrno.EIO,
            _ => BlockMapFallocate(file, start, len),
        };
    }

    /// <summary><c>extent_fallocate</c>: walk the gaps of [start, end] between extents, calling the helper for each.</summary>
    private int ExtentFallocate(Ext4ServerFile file, long start, long len, Mode mode)
    {
        unchecked
        {
            long end = start + len - 1;
            while (true)
            {
                int i = file.GotoIndex(start);
                if (i < 0)
                {
                    ulong goal = InodeGoal(file.Ino);
                    if (blocks.FindFirstFree(goal, sb.BlocksCount - 1, out var free)) goal = free;
                    return Helper(file, mode, null, null, start, len, goal + (ulong)start);
                }
                var left = file.Extents[i];
                if (left.LogicalBlock > start)
                {
                    // "The nearest extent we found was beyond start???": min(len, gap) blocks with that extent as the
                    // right neighbour (e2fsprogs 149805bf, June 2025, in the RFC's libext2fs), then "goto start_again".
                    long gap = left.LogicalBlock - start;
                    long fill = Math.Min(gap, len);
                    bool right = quirks.WholeGapBeforeFirstExtent || fill == gap;
                    int err = Helper(file, mode, null, right ? i : null, start, fill, (ulong)(left.PhysicalBlock - gap));
                    if (err != 0) return err;
                    if (!right) return 0;   // intended: [start, start+len) is allocated and does not reach the extent
                    continue;
                }
                return WalkGaps(file, mode, i, start, end);
            }
        }
    }

    private int WalkGaps(Ext4ServerFile file, Mode mode, int leftIndex, long start, long end)
    {
        unchecked
        {
            var left = file.Extents[leftIndex];
            long next = left.EndBlock;
            long rangeStart;
            int? leftAdj;
            if (next >= start) { rangeStart = next; leftAdj = leftIndex; }
            else { rangeStart = start; leftAdj = null; }
            ulong goal = (ulong)(left.PhysicalBlock + (rangeStart - left.LogicalBlock));
            long rangeEnd;
            do
            {
                int rightIndex = leftIndex + 1;
                bool noNext = rightIndex >= file.Extents.Count;
                var right = noNext ? default : file.Extents[rightIndex];
                int? rightAdj;
                if (noNext || right.LogicalBlock > end + 1) { rangeEnd = end; rightAdj = null; }
                else { rangeEnd = right.LogicalBlock - 1; rightAdj = rightIndex; }
                ulong goalDistance = (ulong)(rangeStart - next);
                if (!noNext && goalDistance > (ulong)(rangeEnd - right.LogicalBlock))
                    goal = (ulong)(right.PhysicalBlock - (right.LogicalBlock - rangeStart));
                if (rangeStart <= rangeEnd)
                {
                    int before = file.Extents.Count;
                    int err = Helper(file, mode, leftAdj, rightAdj, rangeStart, rangeEnd - rangeStart + 1, goal);
                    if (err != 0) return err;
                    // The helper may have inserted extents in the gap; the right neighbour moved along with them.
                    if (!noNext) rightIndex += file.Extents.Count - before;
                }
                if (rangeEnd == end) break;
                leftIndex = rightIndex;
                left = file.Extents[leftIndex];
                next = left.EndBlock;
                leftAdj = leftIndex;
                rangeStart = next;
                goal = (ulong)(left.PhysicalBlock + (rangeStart - left.LogicalBlock));
            } while (rangeEnd < end);
            return 0;
        }
    }

    /// <summary><c>ext_falloc_helper</c> for [rangeStart, rangeStart+rangeLen): merge both neighbours, else grow the
    /// left one, else the right one, else allocate new extents from the goal.</summary>
    private int Helper(Ext4ServerFile file, Mode mode, int? leftIndex, int? rightIndex, long rangeStart, long rangeLen, ulong goal)
    {
        unchecked
        {
            bool forceUninit = mode.ForceUninit;
            long eofBlock = mode.InitBeyondEof ? 0 : file.Size / sb.BlockSize;
            if (leftIndex is int li && rightIndex is int ri && TryMergeBoth(file, forceUninit, li, ri, rangeLen)) return 0;
            if (leftIndex is int l)
            {
                var left = file.Extents[l];
                long fillable = left.Unwritten ? MaxUninitLen - left.Length : 0;
                if (!(forceUninit && !left.Unwritten))
                {
                    fillable = Math.Min(fillable, rangeLen);
                    long x = left.EndBlock - 1;
                    if (!mode.InitBeyondEof && eofBlock >= x && eofBlock <= x + fillable) fillable = eofBlock - x;   // "don't expand beyond EOF"
                    if (fillable > 0 && blocks.NewRange(true, (ulong)(left.PhysicalBlock + left.Length), (ulong)fillable, out var p, out var n))
                    {
                        blocks.Claim(p, n);
                        rangeStart += (long)n;
                        rangeLen -= (long)n;
                        file.Replace(l, left with { Length = left.Length + (long)n });
                    }
                }
            }
            if (rightIndex is int r)
            {
                var right = file.Extents[r];
                long fillable = right.Unwritten ? MaxUninitLen - right.Length : 0;
                fillable = Math.Min(fillable, rangeLen);
                if (!(forceUninit && !right.Unwritten) && fillable > 0 &&
                    blocks.NewRange(true, (ulong)(right.PhysicalBlock - fillable), (ulong)fillable, out var p, out var n))
                {
                    blocks.Claim(p, n);
                    rangeLen -= (long)n;
                    file.Replace(r, right with
                    {
                        LogicalBlock = right.LogicalBlock - (long)n, PhysicalBlock = right.PhysicalBlock - (long)n, Length = right.Length + (long)n,
                    });
                }
            }
            ulong pblk = goal;
            while (rangeLen > 0)
            {
                if (!blocks.NewRange(false, pblk, (ulong)Math.Min(rangeLen, MaxUninitLen), out var p, out var n))
                    return -FuseErrno.ENOSPC;
                blocks.Claim(p, n);
                file.Insert(new Ext4Extent(rangeStart, (long)n, (long)p, Unwritten: true));
                rangeLen -= (long)n;
                rangeStart += (long)n;
                pblk = p + n;
                if (pblk >= sb.BlocksCount) pblk = sb.FirstDataBlock;
            }
            return 0;
        }
    }

    /// <summary>The "merge both extents together" step. It asks <c>ext2fs_new_range</c> for
    /// <c>right.pblk - y + 1</c> blocks at <c>y</c> — one more than the gap, the last being right's own first block,
    /// which is in use — so with <see cref="Fuse2fsQuirks.MergeBothNeverFits"/> it never succeeds (finding F12).</summary>
    private bool TryMergeBoth(Ext4ServerFile file, bool forceUninit, int li, int ri, long rangeLen)
    {
        var left = file.Extents[li];
        var right = file.Extents[ri];
        if (left.Unwritten != right.Unwritten || (forceUninit && !left.Unwritten) || !left.Unwritten) return false;
        long total = left.Length + rangeLen + right.Length;
        if (total > MaxUninitLen || left.PhysicalBlock + left.Length + rangeLen != right.PhysicalBlock) return false;
        ulong y = (ulong)(left.PhysicalBlock + left.Length);
        ulong want = (ulong)right.PhysicalBlock - y + (quirks.MergeBothNeverFits ? 1UL : 0UL);
        if (!blocks.NewRange(true, y, want, out var p, out var n) || p + n != (ulong)right.PhysicalBlock) return false;
        blocks.Claim(p, n);
        file.Replace(li, left with { Length = total });
        file.Delete(ri);
        return true;
    }

    /// <summary><c>ext2fs_find_inode_goal</c> for an inode with no blocks: the first block of its (flex) group.</summary>
    private ulong InodeGoal(uint ino)
    {
        uint group = (ino - 1) / sb.InodesPerGroup;
        if (sb.LogGroupsPerFlex > 0) group &= ~((1u << sb.LogGroupsPerFlex) - 1);
        return sb.FirstDataBlock + (ulong)group * sb.BlocksPerGroup;
    }

    /// <summary>The slow path for block-mapped files: <c>ext2fs_bmap2(BMAP_ALLOC)</c> one block at a time (goal: the
    /// previous block's successor) and <c>ext2fs_zero_blocks2</c> on what it got. These blocks are MAPPED, not
    /// unwritten. New indirect blocks are not modelled.</summary>
    private int BlockMapFallocate(Ext4ServerFile file, long start, long len)
    {
        var zeros = new byte[sb.BlockSize];
        for (long b = start; b < start + len; b++)
        {
            if (file.Bmap(b).Phys != 0) continue;
            long prev = b > 0 ? file.Bmap(b - 1).Phys : 0;
            ulong goal = prev != 0 ? (ulong)prev + 1 : file.Bmap(0).Phys != 0 ? (ulong)file.Bmap(0).Phys : InodeGoal(file.Ino);
            if (!blocks.NewRange(false, goal, 1, out var p, out _)) return -FuseErrno.ENOSPC;
            blocks.Claim(p, 1);
            device.Write(p * sb.BlockSize, zeros);
            Ext4BlockRuns.Add(file, b, (long)p);
        }
        return 0;
    }
}
