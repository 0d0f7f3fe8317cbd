namespace IomapModel.Properties.Tree;

/// <summary>The reference model of one fork: a plain sorted list of non-overlapping records.</summary>
public sealed class TreeReference
{
    private readonly List<FuseIomap> _recs = [];

    public int Count => _recs.Count;
    public IReadOnlyList<FuseIomap> Records => _recs;
    public FuseIomap this[int i] => _recs[i];

    /// <summary>Index of the first record whose start is at or after <paramref name="offset"/>.</summary>
    public int LowerBound(long offset)
    {
        int lo = 0, hi = _recs.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_recs[mid].Offset < offset) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public bool Covers(long offset)
    {
        var i = LowerBound(offset + 1) - 1;
        return i >= 0 && (Int128)_recs[i].Offset + _recs[i].Length > offset;
    }

    public void Insert(FuseIomap rec) => _recs.Insert(LowerBound(rec.Offset), rec);
    public void RemoveAt(int i) => _recs.RemoveAt(i);
    public void Replace(int i, FuseIomap rec) => _recs[i] = rec;
    public void Clear() => _recs.Clear();

    /// <summary>What <c>fuse_iext_lookup_extent</c> must find: the first record that ends after the offset.</summary>
    public FuseIomap? FirstEndingAfter(long offset)
    {
        var i = LowerBound(offset + 1) - 1;
        if (i >= 0 && (Int128)_recs[i].Offset + _recs[i].Length > offset)
            return _recs[i];
        return i + 1 < _recs.Count ? _recs[i + 1] : null;
    }

    /// <summary>What <c>fuse_iext_lookup_extent_before</c> must find: the last record starting at or before
    /// <c>end - 1</c>, and the end clamped to it when it does not cover <c>end - 1</c>.</summary>
    public (FuseIomap Rec, long End)? LastStartingBefore(long end)
    {
        var i = LowerBound(end) - 1;
        if (i < 0)
            return null;
        var rec = _recs[i];
        var covers = (Int128)rec.Offset + rec.Length > end - 1;
        return (rec, covers ? end : rec.Offset + (long)rec.Length);
    }
}
