using IomapModel.Harness.Host;

namespace IomapModel.Harness.Conform;

/// <summary>
/// Which blocks of each extent file the live classic fuse2fs (Debian 12, 1.47.0) has mapped, predicted from the
/// operations that succeeded on it (the live image cannot be read while mounted, and classic fuse2fs has no FIEMAP):
/// <c>ext2fs_file_write</c> maps the blocks it writes; <c>ext2fs_fallocate</c> of 1.47.0 maps the range and, when the
/// range starts left of the first extent, the whole gap up to it (<c>extent_fallocate</c> before e2fsprogs 149805bf);
/// a punch unmaps the whole blocks inside it, a shrinking truncate everything from the new EOF's block on.
/// </summary>
public sealed class LiveExtentShadow
{
    private readonly Dictionary<string, List<(long First, long End)>> _mapped = [];

    /// <summary>Starts following <paramref name="path"/> from the starting image's extents (both sides start from the
    /// same bytes), unless it is followed already.</summary>
    public void Follow(string path, IEnumerable<(long First, long End)> extents)
    {
        if (_mapped.ContainsKey(path)) return;
        Runs(path);
        foreach (var (first, end) in extents) Add(path, first, end);
    }

    /// <summary>The live file's first mapped block, or null when it has none.</summary>
    public long? FirstMapped(string path) => _mapped.TryGetValue(path, out var runs) && runs.Count > 0 ? runs[0].First : null;

    /// <summary>Bytes [offset, offset+length) written: their blocks are mapped.</summary>
    public void Wrote(string path, long offset, long length, long bs)
    {
        if (length > 0) Add(path, offset / bs, (offset + length + bs - 1) / bs);
    }

    /// <summary>A fallocate of bytes [offset, offset+length) on 1.47.0: the range, plus the gap up to the first
    /// extent when the range starts left of it.</summary>
    public void Fallocated(string path, long offset, long length, long bs)
    {
        if (length <= 0) return;
        long first = offset / bs, end = (offset + length + bs - 1) / bs;
        if (FirstMapped(path) is long f && first < f) end = Math.Max(end, f);
        Add(path, first, end);
    }

    /// <summary>A hole punched in bytes [offset, offset+length): its whole blocks are unmapped.</summary>
    public void Punched(string path, long offset, long length, long bs) => Remove(path, (offset + bs - 1) / bs, (offset + length) / bs);

    /// <summary>A truncate from <paramref name="oldSize"/> to <paramref name="size"/>: <c>ext2fs_file_set_size2</c>
    /// punches from the new EOF's block on only when that is below the old EOF's block, so blocks past EOF survive a
    /// truncate that does not shrink the file by a block.</summary>
    public void Truncated(string path, long oldSize, long size, long bs)
    {
        long block = (size + bs - 1) / bs;
        if (block < (oldSize + bs - 1) / bs) Remove(path, block, long.MaxValue);
    }

    private void Add(string path, long first, long end)
    {
        Remove(path, first, end);
        var runs = Runs(path);
        runs.Add((first, end));
        runs.Sort();
        for (int i = runs.Count - 1; i > 0; i--)
        {
            if (runs[i - 1].End < runs[i].First) continue;
            runs[i - 1] = (runs[i - 1].First, Math.Max(runs[i - 1].End, runs[i].End));
            runs.RemoveAt(i);
        }
    }

    private void Remove(string path, long first, long end)
    {
        if (first >= end) return;
        var runs = Runs(path);
        var kept = new List<(long First, long End)>();
        foreach (var (f, e) in runs)
        {
            if (e <= first || f >= end) { kept.Add((f, e)); continue; }
            if (f < first) kept.Add((f, first));
            if (e > end) kept.Add((end, e));
        }
        runs.Clear();
        runs.AddRange(kept);
    }

    private List<(long First, long End)> Runs(string path)
    {
        if (!_mapped.TryGetValue(path, out var runs)) _mapped[path] = runs = [];
        return runs;
    }
}
