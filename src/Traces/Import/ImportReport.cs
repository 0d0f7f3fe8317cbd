namespace IomapModel.Traces.Import;

/// <summary>
/// What an importer made of a file, for the user to judge the replay by: per file, the operations reconstructed (by
/// kind), the gaps and how each was filled, what could not be reconstructed and why, and the final size against the
/// header's; for the whole file, what was dropped as noise (other files' system calls, metadata inodes), what the
/// source itself skipped (fsx's <c>skip</c> lines), the events seen, and notes (the device chosen, lost events).
/// Every count is a reason with how often it applied; nothing is dropped without being counted here.
/// </summary>
public sealed class ImportReport
{
    private readonly Dictionary<string, FileReport> _files = new(StringComparer.Ordinal);

    public List<string> Notes { get; } = [];

    /// <summary>Lines or events that belong to no file of the workload (reason → count).</summary>
    public SortedDictionary<string, int> Dropped { get; } = new(StringComparer.Ordinal);

    /// <summary>Operations the source says it did not run (fsx's <c>skip</c>: op kind → count).</summary>
    public SortedDictionary<string, int> Skipped { get; } = new(StringComparer.Ordinal);

    /// <summary>Event lines per event name (captures only).</summary>
    public SortedDictionary<string, int> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>The files in order of first appearance.</summary>
    public List<FileReport> Files { get; } = [];

    public FileReport File(string path, ulong? ino = null)
    {
        if (_files.TryGetValue(path, out var f)) return f;
        f = new FileReport(path, ino);
        _files[path] = f;
        Files.Add(f);
        return f;
    }

    internal static void Count(SortedDictionary<string, int> counts, string key, int n = 1) =>
        counts[key] = counts.GetValueOrDefault(key) + n;
}

/// <summary>One file of an <see cref="ImportReport"/>.</summary>
public sealed class FileReport(string path, ulong? ino)
{
    public string Path { get; } = path;

    /// <summary>The inode number in the capture, when there was one.</summary>
    public ulong? Ino { get; } = ino;

    /// <summary>Operations reconstructed, by kind.</summary>
    public SortedDictionary<string, int> Reconstructed { get; } = new(StringComparer.Ordinal);

    /// <summary>Gaps and how they were filled (what filled them → count).</summary>
    public SortedDictionary<string, int> Filled { get; } = new(StringComparer.Ordinal);

    /// <summary>What could not be reconstructed, and why (reason → count).</summary>
    public SortedDictionary<string, int> NotReconstructed { get; } = new(StringComparer.Ordinal);

    /// <summary>The size the reconstruction ends with, or null when it lost track.</summary>
    public long? FinalSize { get; internal set; }

    /// <summary>The size the capture's header recorded at the end (<c># file:</c>), or null.</summary>
    public long? HeaderSize { get; internal set; }

    public void Did(string kind) => ImportReport.Count(Reconstructed, kind);

    public void Fill(string how) => ImportReport.Count(Filled, how);

    public void Lost(string why) => ImportReport.Count(NotReconstructed, why);
}
