namespace IomapModel.Support;

/// <summary>One extent of a kernel FIEMAP answer as <c>filefrag -v</c> prints it: logical and physical start and
/// length in filesystem blocks (bytes for inline data), and the flag names (<c>unwritten</c>, <c>inline</c>, <c>last</c>,
/// <c>merged</c>, <c>eof</c>, <c>not_aligned</c>, ...).</summary>
public sealed record FiemapExtent(long Logical, long Physical, long Length, IReadOnlySet<string> Flags)
{
    public bool Unwritten => Flags.Contains("unwritten");

    public bool Inline => Flags.Contains("inline");

    public override string ToString() => $"{Logical}+{Length}@{Physical} [{string.Join(',', Flags.Order())}]";
}

/// <summary>A file's whole FIEMAP answer and the block size filefrag used.</summary>
public sealed record FiemapReport(long FileSize, long BlockSize, IReadOnlyList<FiemapExtent> Extents);
