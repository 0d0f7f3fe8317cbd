namespace IomapModel.Traces.Conform;

/// <summary>How to build the starting image: <c>mkfs.ext2|ext3|ext4 OPTIONS... size=BYTES</c> (an empty filesystem).</summary>
/// <param name="Tool">mkfs.ext2, mkfs.ext3 or mkfs.ext4.</param>
/// <param name="Options">The options passed to it, e.g. <c>-b 4096 -O ^inline_data</c>.</param>
/// <param name="SizeBytes">The filesystem size.</param>
public sealed record MkfsSpec(string Tool, IReadOnlyList<string> Options, long SizeBytes)
{
    public static readonly string[] Tools = ["mkfs.ext2", "mkfs.ext3", "mkfs.ext4"];

    /// <summary>The smallest size accepted (mkfs needs room for its metadata).</summary>
    public const long MinSize = 1 << 20;

    public string OptionText => string.Join(' ', Options);

    public override string ToString() => $"{Tool}{(Options.Count > 0 ? " " + OptionText : "")} size={SizeBytes}";
}
