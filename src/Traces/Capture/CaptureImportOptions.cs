namespace IomapModel.Traces.Capture;

/// <summary>How to import a capture: only one inode (<c>--nodeid</c>), and the geometry the cache events assume
/// (no cache tracepoint prints the block size or s_maxbytes).</summary>
public sealed record CaptureImportOptions(ulong? NodeId = null, uint BlockSize = 4096, long MaxBytes = long.MaxValue);
