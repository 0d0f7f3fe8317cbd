namespace IomapModel.Ext4;

/// <summary>One run of a file's blocks as stored on disk: an <c>ext3_extent</c> of an extent-mapped file, or a run of
/// physically contiguous blocks of a block-mapped (ext2/ext3) file. Units are filesystem blocks.</summary>
/// <param name="LogicalBlock">First file block (<c>ee_block</c>).</param>
/// <param name="Length">Number of blocks (decoded <c>ee_len</c>: at most 32768 written, 32767 unwritten).</param>
/// <param name="PhysicalBlock">First device block (<c>ee_start_hi:ee_start</c>).</param>
/// <param name="Unwritten">ee_len above 0x8000: allocated but reads as zeros (<c>EXT2_EXTENT_FLAGS_UNINIT</c>).</param>
public readonly record struct Ext4Extent(long LogicalBlock, long Length, long PhysicalBlock, bool Unwritten)
{
    public long EndBlock => LogicalBlock + Length;

    public override string ToString() =>
        $"{LogicalBlock}+{Length}@{PhysicalBlock}{(Unwritten ? " unwritten" : "")}";
}
