using System.Collections.Immutable;
using IomapModel.IextTree;

namespace IomapModel.Bench;

/// <summary>
/// One ordered map of mappings keyed by file offset, as the benchmarks drive it: the ported tree and the baselines.
/// Adapters are structs and the drivers are generic over them, so every call is direct and inlinable and the same
/// loop runs against each structure.
/// </summary>
internal interface IExtentMap<TSelf> where TSelf : struct, IExtentMap<TSelf>
{
    static abstract string Name { get; }

    /// <summary>Whether <see cref="LookupBefore"/> is answered (ImmutableSortedDictionary has no ordered search).</summary>
    static virtual bool HasOrderedSearch => true;

    static abstract TSelf Create();

    int Count { get; }

    /// <summary>Adds a mapping that lies in a hole (after every other one, for a sequential append).</summary>
    void Insert(in FuseIomap map);

    /// <summary>Removes the mapping that starts at <paramref name="offset"/>.</summary>
    void Remove(long offset);

    /// <summary>The mapping covering <paramref name="offset"/>, else the first one after it.</summary>
    bool Lookup(long offset, out FuseIomap got);

    /// <summary>The last mapping starting before <paramref name="end"/>, pulling <paramref name="end"/> back to its end
    /// when it does not reach that far (<c>fuse_iext_lookup_extent_before</c>).</summary>
    bool LookupBefore(ref long end, out FuseIomap got);
}

/// <summary>What the baselines store: the same 32 bytes as a tree slot (<c>struct fuse_iext_rec</c>).</summary>
internal readonly record struct Rec32(long Offset, ulong Length, ulong Addr, FuseIomapType Type, FuseIomapFlags Flags, uint Dev)
{
    public static Rec32 From(in FuseIomap m) => new(m.Offset, m.Length, m.Addr, m.Type, m.Flags, m.Dev);
    public FuseIomap ToIomap() => new(Offset, Length, Addr, Type, Flags, Dev);
    public bool Covers(long offset) => Offset <= offset && unchecked((ulong)Offset + Length) > unchecked((ulong)offset);
}

/// <summary>The ported kernel tree, used the way the cache layer uses it: look up to place the cursor, then act at it.</summary>
internal struct IextTreeMap : IExtentMap<IextTreeMap>
{
    private IextFork _fork;

    public static string Name => "IextTree";
    public static IextTreeMap Create() => new() { _fork = new IextFork(new IomapSequence(), new KernelAsserts()) };
    public readonly IextFork Fork => _fork;
    public readonly int Count => (int)_fork.Count;

    public readonly void Insert(in FuseIomap map)
    {
        _fork.LookupExtent(map.Offset, out var cur, out _);
        _fork.Insert(ref cur, map);
    }

    public readonly void Remove(long offset)
    {
        _fork.LookupExtent(offset, out var cur, out _);
        _fork.Remove(ref cur);
    }

    public readonly bool Lookup(long offset, out FuseIomap got) => _fork.LookupExtent(offset, out _, out got);

    public readonly bool LookupBefore(ref long end, out FuseIomap got) => _fork.LookupExtentBefore(ref end, out _, out got);
}

/// <summary>A sorted sequence of records searched by index: the array and SortedList baselines.</summary>
internal interface IFloorIndexed
{
    int Count { get; }

    /// <summary>The index of the last record starting at or before <paramref name="offset"/>, or -1.</summary>
    int FloorIndex(long offset);

    Rec32 At(int index);
}

/// <summary>Lookup and LookupBefore on top of a floor search, shared by the indexed baselines.</summary>
internal static class FloorLookups
{
    public static bool Lookup<T>(T map, long offset, out FuseIomap got) where T : struct, IFloorIndexed
    {
        var i = map.FloorIndex(offset);
        if (i < 0 || !map.At(i).Covers(offset))
            i++;
        got = i < map.Count ? map.At(i).ToIomap() : default;
        return i < map.Count;
    }

    public static bool LookupBefore<T>(T map, ref long end, out FuseIomap got) where T : struct, IFloorIndexed
    {
        var i = map.FloorIndex(unchecked(end - 1));
        if (i < 0)
        {
            got = default;
            return false;
        }
        var rec = map.At(i);
        got = rec.ToIomap();
        if (!rec.Covers(unchecked(end - 1)))
            end = unchecked(got.Offset + (long)got.Length);
        return true;
    }
}

/// <summary>Baseline: a sorted array (a <see cref="List{T}"/>) searched by binary search, shifted on insert/remove.</summary>
internal struct SortedArrayMap : IExtentMap<SortedArrayMap>, IFloorIndexed
{
    private List<Rec32> _list;

    public static string Name => "SortedArray";
    public static SortedArrayMap Create() => new() { _list = [] };
    public readonly int Count => _list.Count;

    private readonly int Floor(long offset)
    {
        var recs = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_list);
        int lo = 0, hi = recs.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (recs[mid].Offset <= offset)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return hi;
    }

    public readonly void Insert(in FuseIomap map) => _list.Insert(Floor(map.Offset) + 1, Rec32.From(map));

    public readonly void Remove(long offset) => _list.RemoveAt(Floor(offset));

    public readonly int FloorIndex(long offset) => Floor(offset);
    public readonly Rec32 At(int index) => _list[index];
    public readonly bool Lookup(long offset, out FuseIomap got) => FloorLookups.Lookup(this, offset, out got);
    public readonly bool LookupBefore(ref long end, out FuseIomap got) => FloorLookups.LookupBefore(this, ref end, out got);
}

/// <summary>Baseline: <see cref="SortedList{TKey,TValue}"/>; the floor search is a binary search over its key list.</summary>
internal struct SortedListMap : IExtentMap<SortedListMap>, IFloorIndexed
{
    private SortedList<long, Rec32> _list;

    public static string Name => "SortedList";
    public static SortedListMap Create() => new() { _list = [] };
    public readonly int Count => _list.Count;

    private readonly int Floor(long offset)
    {
        var keys = _list.Keys;
        int lo = 0, hi = keys.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] <= offset)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return hi;
    }

    public readonly void Insert(in FuseIomap map) => _list.Add(map.Offset, Rec32.From(map));

    public readonly void Remove(long offset) => _list.Remove(offset);

    public readonly int FloorIndex(long offset) => Floor(offset);
    public readonly Rec32 At(int index) => _list.Values[index];
    public readonly bool Lookup(long offset, out FuseIomap got) => FloorLookups.Lookup(this, offset, out got);
    public readonly bool LookupBefore(ref long end, out FuseIomap got) => FloorLookups.LookupBefore(this, ref end, out got);
}

/// <summary>Baseline: <see cref="SortedSet{T}"/> ordered by offset; floor and ceiling through <c>GetViewBetween</c>,
/// which allocates a view per call. A view's <c>Count</c> walks the whole view, so emptiness is read from
/// <c>Max</c>/<c>Min</c> (the default record, length 0, for an empty view).</summary>
internal struct SortedSetMap : IExtentMap<SortedSetMap>
{
    private static readonly Comparer<Rec32> ByOffset = Comparer<Rec32>.Create((a, b) => a.Offset.CompareTo(b.Offset));
    private static readonly Rec32 Lowest = new(long.MinValue, 0, 0, 0, 0, 0);
    private static readonly Rec32 Highest = new(long.MaxValue, 0, 0, 0, 0, 0);
    private SortedSet<Rec32> _set;

    public static string Name => "SortedSet";
    public static SortedSetMap Create() => new() { _set = new SortedSet<Rec32>(ByOffset) };
    public readonly int Count => _set.Count;

    private static Rec32 Key(long offset) => new(offset, 0, 0, 0, 0, 0);

    public readonly void Insert(in FuseIomap map) => _set.Add(Rec32.From(map));

    public readonly void Remove(long offset) => _set.Remove(Key(offset));

    public readonly bool Lookup(long offset, out FuseIomap got)
    {
        var floor = _set.GetViewBetween(Lowest, Key(offset)).Max;
        if (floor.Length > 0 && floor.Covers(offset))
        {
            got = floor.ToIomap();
            return true;
        }
        var after = offset == long.MaxValue ? default : _set.GetViewBetween(Key(offset + 1), Highest).Min;
        got = after.ToIomap();
        return after.Length > 0;
    }

    public readonly bool LookupBefore(ref long end, out FuseIomap got)
    {
        var rec = _set.GetViewBetween(Lowest, Key(unchecked(end - 1))).Max;
        if (rec.Length == 0)
        {
            got = default;
            return false;
        }
        got = rec.ToIomap();
        if (!rec.Covers(end - 1))
            end = unchecked(got.Offset + (long)got.Length);
        return true;
    }
}

/// <summary>Baseline: <see cref="ImmutableSortedDictionary{TKey,TValue}"/>. It has no floor or ceiling search, so a
/// lookup is an exact-key probe: a hit at a record's start, never the next record after a hole. That is less work than
/// the others do, and no <see cref="LookupBefore"/>.</summary>
internal struct ImmutableSortedDictionaryMap : IExtentMap<ImmutableSortedDictionaryMap>
{
    private ImmutableSortedDictionary<long, Rec32> _dict;

    public static string Name => "ImmutableSortedDictionary";
    public static bool HasOrderedSearch => false;
    public static ImmutableSortedDictionaryMap Create() => new() { _dict = ImmutableSortedDictionary<long, Rec32>.Empty };
    public readonly int Count => _dict.Count;

    public void Insert(in FuseIomap map) => _dict = _dict.Add(map.Offset, Rec32.From(map));

    public void Remove(long offset) => _dict = _dict.Remove(offset);

    public readonly bool Lookup(long offset, out FuseIomap got)
    {
        var found = _dict.TryGetValue(offset, out var rec);
        got = rec.ToIomap();
        return found;
    }

    public readonly bool LookupBefore(ref long end, out FuseIomap got) =>
        throw new NotSupportedException("ImmutableSortedDictionary has no ordered search");
}
