using IomapModel.Ext4;
namespace IomapModel.Servers.Fuse2fs;

/// <summary>Block-mapped files are held as maximal physically contiguous runs (what <see cref="Ext4BlockMapReader"/>
/// produces and <c>fuse2fs_iomap_begin_indirect</c>'s block-by-block scan sees): adding a block joins it to a
/// neighbouring run when the device blocks line up.</summary>
internal static class Ext4BlockRuns
{
    public static void Add(Ext4ServerFile file, long block, long phys)
    {
        int at = file.Insert(new Ext4Extent(block, 1, phys, false));
        if (at + 1 < file.Extents.Count && Joins(file.Extents[at], file.Extents[at + 1]))
        {
            file.Replace(at, file.Extents[at] with { Length = file.Extents[at].Length + file.Extents[at + 1].Length });
            file.Delete(at + 1);
        }
        if (at > 0 && Joins(file.Extents[at - 1], file.Extents[at]))
        {
            file.Replace(at - 1, file.Extents[at - 1] with { Length = file.Extents[at - 1].Length + file.Extents[at].Length });
            file.Delete(at);
        }
    }

    private static bool Joins(Ext4Extent a, Ext4Extent b) =>
        a.EndBlock == b.LogicalBlock && a.PhysicalBlock + a.Length == b.PhysicalBlock;
}
