using IomapModel.IomapCache;
using IomapModel.IextTree;

namespace IomapModel.Bench;

/// <summary>
/// Bytes per cached extent: the managed heap a structure holds after <c>n</c> sequential appends of non-mergeable 4 KiB
/// extents (<see cref="GC.GetTotalMemory(bool)"/> after a full collection, before and after), and what the appends
/// allocated along the way (<see cref="GC.GetAllocatedBytesForCurrentThread"/>, garbage from growing arrays included).
/// </summary>
internal static class MemoryFootprint
{
    public static void Print(int n)
    {
        Console.WriteLine($"| structure ({n:N0} appended extents) | retained bytes/extent | allocated bytes/extent |");
        Console.WriteLine("|---|---:|---:|");
        Measure(n, "IomapCache (cache add into the read fork)", () =>
        {
            var cache = new IomapModel.IomapCache.IomapCache(new IomapGeometry(), new IomapDeviceTable());
            for (var i = 0; i < n; i++)
                if (cache.Add(IomapFork.Read, ExtentWorkload.Mapping(i)) != 0)
                    throw new InvalidOperationException("add failed");
            return cache;
        });
        Measure(n, "IextTree (lookup + insert at the cursor)", () => ExtentWorkload.Build<IextTreeMap>(n).Fork);
        Measure(n, "SortedArray (List of 32-byte records)", () => ExtentWorkload.Build<SortedArrayMap>(n));
        Measure(n, "SortedList", () => ExtentWorkload.Build<SortedListMap>(n));
        Measure(n, "SortedSet", () => ExtentWorkload.Build<SortedSetMap>(n));
        Measure(n, "ImmutableSortedDictionary", () => ExtentWorkload.Build<ImmutableSortedDictionaryMap>(n));
    }

    private static void Measure(int n, string what, Func<object> build)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var built = build();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(built);
        Console.WriteLine($"| {what} | {(double)(after - before) / n:F1} | {(double)allocated / n:F1} |");
    }
}
