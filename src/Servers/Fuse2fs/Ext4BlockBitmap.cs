using System.Collections;
using IomapModel.Ext4;

namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// The filesystem's block bitmap held in memory (libext2fs's <c>fs->block_map</c>): loaded from every group's block
/// bitmap, or for a <c>BLOCK_UNINIT</c> group computed from its metadata as <c>ext2fs_reserve_super_and_bgd</c> does.
/// Allocation and freeing change only this copy; the image is never written.
/// </summary>
public sealed class Ext4BlockBitmap
{
    private readonly BitArray _used;
    private readonly ulong _first;

    private Ext4BlockBitmap(Ext4Superblock sb)
    {
        _first = sb.FirstDataBlock;
        BlocksCount = sb.BlocksCount;
        _used = new BitArray(checked((int)sb.BlocksCount));
        for (ulong b = 0; b < _first; b++) _used[(int)b] = true;   // the boot block of 1 KiB filesystems
    }

    public ulong BlocksCount { get; }

    /// <summary>Free blocks (what <c>ext2fs_free_blocks_count</c> tracks as blocks are claimed and released).</summary>
    public ulong FreeCount { get; private set; }

    /// <summary>Reads every group's bitmap from the image.</summary>
    public static Ext4BlockBitmap Load(Ext4Image image)
    {
        var sb = image.Superblock;
        var map = new Ext4BlockBitmap(sb);
        var bits = new byte[sb.BlockSize];
        for (uint g = 0; g < sb.GroupCount; g++)
        {
            ulong start = sb.FirstDataBlock + (ulong)g * sb.BlocksPerGroup;
            ulong count = Math.Min(sb.BlocksPerGroup, sb.BlocksCount - start);
            var gd = image.Groups[(int)g];
            if (gd.BlockBitmapUninit)
            {
                map.MarkUninitGroup(image, g, start, count);
                continue;
            }
            image.ReadBytes((long)gd.BlockBitmap * sb.BlockSize, bits, $"block bitmap of group {g}");
            for (ulong i = 0; i < count; i++)
                if ((bits[i / 8] & (1 << (int)(i % 8))) != 0) map._used[(int)(start + i)] = true;
        }
        map.FreeCount = (ulong)map._used.Cast<bool>().Count(u => !u);
        return map;
    }

    /// <summary>A never-initialised group: its superblock backup, descriptor and reserved-GDT blocks, plus any group's
    /// bitmaps and inode table that flex_bg placed inside it.</summary>
    private void MarkUninitGroup(Ext4Image image, uint group, ulong start, ulong count)
    {
        var sb = image.Superblock;
        ulong end = start + count;
        if (sb.GroupHasSuper(group))
        {
            ulong perBlock = sb.BlockSize / sb.DescSize;
            ulong gdt = sb.Has(Ext4IncompatFeatures.MetaBg) ? 0 : (sb.GroupCount + perBlock - 1) / perBlock + sb.ReservedGdtBlocks;
            MarkRange(start, 1 + gdt, start, end);
        }
        if (sb.Has(Ext4IncompatFeatures.MetaBg))
        {
            uint perBlock = sb.BlockSize / sb.DescSize, index = group % perBlock;
            if (index == 0 || index == 1 || index == perBlock - 1)
                MarkRange(start + (sb.GroupHasSuper(group) ? 1UL : 0), 1, start, end);
        }
        ulong itable = ((ulong)sb.InodesPerGroup * sb.InodeSize + sb.BlockSize - 1) / sb.BlockSize;
        foreach (var gd in image.Groups)
        {
            MarkRange(gd.BlockBitmap, 1, start, end);
            MarkRange(gd.InodeBitmap, 1, start, end);
            MarkRange(gd.InodeTable, itable, start, end);
        }
    }

    private void MarkRange(ulong first, ulong length, ulong lo, ulong hi)
    {
        for (ulong b = Math.Max(first, lo); b < Math.Min(first + length, hi); b++) _used[(int)b] = true;
    }

    public bool InUse(ulong block) => block >= BlocksCount || _used[(int)block];

    /// <summary><c>ext2fs_block_alloc_stats_range(+1)</c>.</summary>
    public void Claim(ulong first, ulong length) => Set(first, length, true);

    /// <summary><c>ext2fs_block_alloc_stats_range(-1)</c>.</summary>
    public void Release(ulong first, ulong length) => Set(first, length, false);

    private void Set(ulong first, ulong length, bool used)
    {
        for (ulong b = first; b < first + length; b++)
        {
            if (b >= BlocksCount || _used[(int)b] == used)
                throw new InvalidOperationException($"block {b} is already {(used ? "in use" : "free")} (or outside the filesystem)");
            _used[(int)b] = used;
            FreeCount = used ? FreeCount - 1 : FreeCount + 1;
        }
    }

    /// <summary><c>ext2fs_find_first_zero_block_bitmap2</c> over [from, to]; false when every block there is used.</summary>
    public bool FindFirstFree(ulong from, ulong to, out ulong block)
    {
        for (block = Math.Max(from, _first); block <= to && block < BlocksCount; block++)
            if (!_used[(int)block]) return true;
        return false;
    }

    /// <summary><c>ext2fs_new_range</c>: with <paramref name="fixedGoalMinLength"/> (FIXED_GOAL|MIN_LENGTH) exactly
    /// [goal, goal+len) or nothing; otherwise the first free run at or after the goal (wrapping to the first data
    /// block), at most <paramref name="length"/> long. A goal outside the filesystem starts at the first data block.</summary>
    public bool NewRange(bool fixedGoalMinLength, ulong goal, ulong length, out ulong start, out ulong got)
    {
        start = got = 0;
        if (length == 0) return false;
        if (fixedGoalMinLength)
        {
            if (goal < _first || goal >= BlocksCount || length > BlocksCount - goal) return false;
            for (ulong b = goal; b < goal + length; b++)
                if (_used[(int)b]) return false;
            (start, got) = (goal, length);
            return true;
        }
        if (goal < _first || goal >= BlocksCount) goal = _first;
        if (!FindFirstFree(goal, BlocksCount - 1, out start) && !FindFirstFree(_first, goal, out start)) return false;
        for (got = 1; got < length && start + got < BlocksCount && !_used[(int)(start + got)]; got++) { }
        return true;
    }
}
