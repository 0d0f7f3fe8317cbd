using IomapModel.Ext4;
namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// libext2fs's <c>ext2fs_punch(start, end)</c> (closed interval of file blocks) as fuse2fs uses it for FALLOCATE
/// PUNCH_HOLE / ZERO_RANGE and for truncation (<c>ext2fs_file_set_size2</c>). Not in the seed: upstream e2fsprogs
/// <c>lib/ext2fs/punch.c</c>. Freed blocks go back to the in-memory bitmap. For an inline-data inode a punch that
/// starts at block 0 drops all inline data and sets i_size to 0 (<c>ext2fs_punch_inline_data</c>), whatever the
/// caller wanted (finding F14). A block-mapped file loses the blocks <see cref="Ext2IndirectPunch"/> says the C
/// really frees (finding F17), which are not always the ones asked for.
/// </summary>
internal sealed class Ext4Punch(Ext4BlockBitmap blocks, Fuse2fsQuirks quirks, int blockSizeBits)
{
    public void Punch(Ext4ServerFile file, long start, long end)
    {
        if (start > end) return;
        if (file.Kind == Ext4FileKind.InlineData)
        {
            if (start == 0 && quirks.InlinePunchDropsSize) file.Size = 0;
            return;
        }
        if (file.Kind == Ext4FileKind.BlockMapped && quirks.IndirectPunchMiscounts)
        {
            foreach (var (first, count) in Ext2IndirectPunch.Freed(blockSizeBits, start, end, file.AnyMapped))
                Remove(file, first, first + count - 1);
            return;
        }
        Remove(file, start, end);
    }

    /// <summary>Unmaps and frees every mapped block in [start, end], splitting runs at the edges.</summary>
    private void Remove(Ext4ServerFile file, long start, long end)
    {
        for (int i = file.Extents.Count - 1; i >= 0; i--)
        {
            var e = file.Extents[i];
            long lo = Math.Max(e.LogicalBlock, start), hi = Math.Min(e.EndBlock - 1, end);
            if (lo > hi) continue;
            blocks.Release((ulong)(e.PhysicalBlock + lo - e.LogicalBlock), (ulong)(hi - lo + 1));
            file.Delete(i);
            if (hi < e.EndBlock - 1)
                file.Insert(e with { LogicalBlock = hi + 1, PhysicalBlock = e.PhysicalBlock + hi + 1 - e.LogicalBlock, Length = e.EndBlock - hi - 1 });
            if (lo > e.LogicalBlock)
                file.Insert(e with { Length = lo - e.LogicalBlock });
        }
    }
}
