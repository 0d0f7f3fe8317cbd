using IomapModel.Ext4;
using IomapModel.Harness.Host;

namespace IomapModel.Harness.Conform;

/// <summary>A run of file blocks [First, End) whose class (<see cref="BlockClass"/>) differs between the live image and
/// the model's server.</summary>
internal readonly record struct ClassDifference(long First, long End, BlockClass Live, BlockClass Model)
{
    public override string ToString() =>
        $"block{(End - First > 1 ? $"s {First}-{End - 1}" : $" {First}")}: live {Name(Live)}, model {Name(Model)}";

    private static string Name(BlockClass c) => c.ToString().ToLowerInvariant();

    /// <summary>The class of <paramref name="block"/> in an extent list: inside an extent, written or unwritten;
    /// else a hole.</summary>
    public static BlockClass ClassOf(IReadOnlyList<Ext4Extent> extents, long block)
    {
        foreach (var e in extents)
            if (e.LogicalBlock <= block && block < e.EndBlock) return e.Unwritten ? BlockClass.Unwritten : BlockClass.Written;
        return BlockClass.Hole;
    }

    /// <summary>Every run in [0, max(<paramref name="endBlock"/>, the end of the last extent)) where the classes differ,
    /// neighbouring runs with the same pair joined. Walks extent boundaries, not blocks, so sparse files cost nothing.</summary>
    public static IReadOnlyList<ClassDifference> Between(IReadOnlyList<Ext4Extent> live, IReadOnlyList<Ext4Extent> model, long endBlock)
    {
        var cuts = new SortedSet<long> { 0, endBlock };
        foreach (var e in live.Concat(model)) { cuts.Add(e.LogicalBlock); cuts.Add(e.EndBlock); }
        var points = cuts.ToList();
        var runs = new List<ClassDifference>();
        for (int i = 0; i + 1 < points.Count; i++)
        {
            var (l, m) = (ClassOf(live, points[i]), ClassOf(model, points[i]));
            if (l == m) continue;
            if (runs.Count > 0 && runs[^1].End == points[i] && runs[^1].Live == l && runs[^1].Model == m)
                runs[^1] = runs[^1] with { End = points[i + 1] };
            else runs.Add(new ClassDifference(points[i], points[i + 1], l, m));
        }
        return runs;
    }
}
