namespace IomapModel.Ext4;

/// <summary>The image is not a valid ext2/3/4 filesystem at a known place: names the on-disk structure at fault and the
/// byte offset of that structure in the image, so a developer can look at it with <c>xxd -s</c> or debugfs.</summary>
public sealed class Ext4CorruptionException(string structure, long byteOffset, string problem)
    : Exception($"{structure} at byte {byteOffset} (0x{byteOffset:x}): {problem}")
{
    /// <summary>The structure, e.g. "superblock", "group descriptor 3", "extent node of inode 12 (depth 1)".</summary>
    public string Structure { get; } = structure;

    /// <summary>Byte offset of the structure (or of the field at fault) in the image.</summary>
    public long ByteOffset { get; } = byteOffset;

    /// <summary>What is wrong, e.g. "bad magic 0x0000 (expected 0xf30a)".</summary>
    public string Problem { get; } = problem;
}
