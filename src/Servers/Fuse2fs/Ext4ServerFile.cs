using IomapModel.Ext4;
namespace IomapModel.Servers.Fuse2fs;

/// <summary>
/// One inode as the server holds it in memory: seeded from <see cref="Ext4Image.ReadLayout(uint)"/>, then changed by
/// allocation, conversion, punch and size updates (what libext2fs would write back to the inode and its extent tree).
/// The extent list plays the extent tree: the primitives below are the <c>ext2fs_extent_*</c> handle operations
/// fuse2fs uses, on a sorted list instead of tree nodes.
/// </summary>
public sealed class Ext4ServerFile(uint ino, Ext4FileKind kind, long size, IEnumerable<Ext4Extent> extents, int inlineSize)
{
    private readonly List<Ext4Extent> _extents = [.. extents];

    public uint Ino { get; } = ino;
    public Ext4FileKind Kind { get; set; } = kind;
    /// <summary>i_size as the server would persist it.</summary>
    public long Size { get; set; } = size;
    public int InlineSize { get; set; } = inlineSize;
    /// <summary>Only regular files do file IO through iomap (<c>FUSE_ATTR_IOMAP_FILEIO</c>).</summary>
    public bool IsRegular { get; init; } = true;
    public IReadOnlyList<Ext4Extent> Extents => _extents;

    /// <summary>A snapshot for <see cref="Fuse2fsMapping"/>, which answers from a layout.</summary>
    public Ext4FileLayout Layout() => new(Ino, Kind, Size, _extents.ToArray(), 0, InlineSize);

    /// <summary><c>ext2fs_extent_goto</c> + <c>get(CURRENT)</c>: the last extent starting at or before
    /// <paramref name="block"/>, or the first one when the block lies left of every extent; -1 when there are none.</summary>
    public int GotoIndex(long block)
    {
        if (_extents.Count == 0) return -1;
        int lo = 0, hi = _extents.Count - 1, found = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (_extents[mid].LogicalBlock <= block) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>The extent that contains <paramref name="block"/>, or -1.</summary>
    public int IndexContaining(long block)
    {
        int i = GotoIndex(block);
        return i >= 0 && _extents[i].LogicalBlock <= block && block < _extents[i].EndBlock ? i : -1;
    }

    /// <summary>Whether any block in [<paramref name="first"/>, first + <paramref name="count"/>) is mapped.</summary>
    public bool AnyMapped(long first, long count)
    {
        int i = GotoIndex(first + count - 1);
        return i >= 0 && _extents[i].LogicalBlock < first + count && _extents[i].EndBlock > first;
    }

    /// <summary><c>ext2fs_extent_replace</c>.</summary>
    public void Replace(int index, Ext4Extent extent) => _extents[index] = extent;

    /// <summary><c>ext2fs_extent_insert</c> (the list stays sorted, which the handle's cursor guarantees in C).</summary>
    public int Insert(Ext4Extent extent)
    {
        int at = _extents.FindIndex(e => e.LogicalBlock > extent.LogicalBlock);
        if (at < 0) at = _extents.Count;
        _extents.Insert(at, extent);
        return at;
    }

    /// <summary><c>ext2fs_extent_delete</c>.</summary>
    public void Delete(int index) => _extents.RemoveAt(index);

    /// <summary>The device block of file block <paramref name="block"/> (0 for a hole), and whether it is unwritten.</summary>
    public (long Phys, bool Unwritten) Bmap(long block)
    {
        int i = IndexContaining(block);
        return i < 0 ? (0, false) : (_extents[i].PhysicalBlock + block - _extents[i].LogicalBlock, _extents[i].Unwritten);
    }
}
