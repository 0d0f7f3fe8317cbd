namespace IomapModel.Harness.Conform;

/// <summary>
/// Which blocks of each file the live classic fuse2fs (Debian 12, 1.47.0) has mapped, and how (written or unwritten),
/// predicted from the operations that succeeded on it (the live image cannot be read while mounted, and classic
/// fuse2fs has no FIEMAP): <c>ext2fs_file_write</c> maps the blocks it writes as written; <c>ext2fs_fallocate</c> of
/// 1.47.0 maps the holes of the range (unwritten in an extent file, zeroed and written in a block map) and, when the
/// range starts left of the first mapped block, the whole gap up to it (<c>extent_fallocate</c> before e2fsprogs
/// 149805bf); a punch unmaps the whole blocks inside it, a shrinking truncate everything from the new EOF's block on.
/// </summary>
public sealed class LiveExtentShadow
{
    private readonly Dictionary<string, List<(long First, long End, BlockClass Class)>> _runs = [];

    /// <summary>Starts following <paramref name="path"/> from the starting image's extents (both sides start from the
    /// same bytes), unless it is followed already.</summary>
    public void Follow(string path, IEnumerable<(long First, long End, bool Unwritten)> extents)
    {
        if (_runs.ContainsKey(path)) return;
        Runs(path);
        foreach (var (first, end, unwritten) in extents) Set(path, first, end, unwritten ? BlockClass.Unwritten : BlockClass.Written);
    }

    /// <summary>The live file's first mapped block, or null when it has none.</summary>
    public long? FirstMapped(string path) => _runs.TryGetValue(path, out var runs) && runs.Count > 0 ? runs[0].First : null;

    /// <summary>What the live file's <paramref name="block"/> is, as predicted.</summary>
    public BlockClass ClassOf(string path, long block) =>
        _runs.TryGetValue(path, out var runs) && runs.FirstOrDefault(r => r.First <= block && block < r.End) is { End: > 0 } run
            ? run.Class : BlockClass.Hole;

    /// <summary>Bytes [offset, offset+length) written: their blocks are mapped and written.</summary>
    public void Wrote(string path, long offset, long length, long bs)
    {
        if (length > 0) Set(path, offset / bs, (offset + length + bs - 1) / bs, BlockClass.Written);
    }

    /// <summary>A fallocate of bytes [offset, offset+length) on 1.47.0: the holes of the range, plus the gap up to the
    /// first mapped block when the range starts left of it, become <paramref name="unwritten"/> (an extent file) or
    /// written (a block map, where fuse2fs writes zeroed blocks).</summary>
    public void Fallocated(string path, long offset, long length, long bs, bool unwritten)
    {
        if (length <= 0) return;
        long first = offset / bs, end = (offset + length + bs - 1) / bs;
        if (FirstMapped(path) is long f && first < f) end = Math.Max(end, f);
        var cls = unwritten ? BlockClass.Unwritten : BlockClass.Written;
        var holes = new List<(long First, long End)>();
        long at = first;
        foreach (var (s, e, _) in Runs(path).Where(r => r.End > first && r.First < end))
        {
            if (s > at) holes.Add((at, s));
            at = Math.Max(at, e);
        }
        if (at < end) holes.Add((at, end));
        foreach (var (s, e) in holes) Set(path, s, e, cls);
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

    /// <summary>Blocks [first, end) become <paramref name="cls"/>; neighbouring runs of the same class join.</summary>
    private void Set(string path, long first, long end, BlockClass cls)
    {
        if (first >= end) return;
        Remove(path, first, end);
        var runs = Runs(path);
        runs.Add((first, end, cls));
        runs.Sort();
        for (int i = runs.Count - 1; i > 0; i--)
        {
            if (runs[i - 1].End != runs[i].First || runs[i - 1].Class != runs[i].Class) continue;
            runs[i - 1] = (runs[i - 1].First, runs[i].End, runs[i].Class);
            runs.RemoveAt(i);
        }
    }

    private void Remove(string path, long first, long end)
    {
        if (first >= end) return;
        var runs = Runs(path);
        var kept = new List<(long First, long End, BlockClass Class)>();
        foreach (var (f, e, c) in runs)
        {
            if (e <= first || f >= end) { kept.Add((f, e, c)); continue; }
            if (f < first) kept.Add((f, first, c));
            if (e > end) kept.Add((end, e, c));
        }
        runs.Clear();
        runs.AddRange(kept);
    }

    private List<(long First, long End, BlockClass Class)> Runs(string path)
    {
        if (!_runs.TryGetValue(path, out var runs)) _runs[path] = runs = [];
        return runs;
    }
}
