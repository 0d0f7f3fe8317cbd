using IomapModel.Ext4;

namespace IomapModel.Support;

/// <summary>Normal form for comparing extent lists whose producers split runs differently (debugfs stat splits block
/// maps where an indirect block is listed; FIEMAP splits where ext4's mapping calls stop): sort by logical block, join
/// neighbours that continue each other logically and physically with the same written state.</summary>
public static class ExtentRuns
{
    public static IReadOnlyList<Ext4Extent> Merge(IEnumerable<Ext4Extent> extents)
    {
        var list = new List<Ext4Extent>();
        foreach (var e in extents.OrderBy(e => e.LogicalBlock))
        {
            if (list.Count > 0 && list[^1] is var last && last.EndBlock == e.LogicalBlock
                && last.PhysicalBlock + last.Length == e.PhysicalBlock && last.Unwritten == e.Unwritten)
                list[^1] = last with { Length = last.Length + e.Length };
            else list.Add(e);
        }
        return list;
    }

    /// <summary>One line per extent, for assertion messages that show the whole list.</summary>
    public static string Show(IEnumerable<Ext4Extent> extents) => string.Join(", ", extents);
}
