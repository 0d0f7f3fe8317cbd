using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>Reads an ext2/ext3-style block map: <c>i_block[0..11]</c> direct, <c>[12]</c> single, <c>[13]</c> double and
/// <c>[14]</c> triple indirect, 32-bit pointers with 0 for a hole. The result is the list of maximal physically
/// contiguous runs, in logical order. Every indirect block is read at most once, so a loop or a block shared between
/// two indirect slots is reported instead of walked forever.</summary>
internal sealed class Ext4BlockMapReader(ImageBytes image, Ext4Superblock sb, Ext4Inode inode)
{
    private readonly HashSet<uint> _visited = [];
    private readonly List<long> _indirect = [];

    /// <summary>The indirect blocks read, in logical order (valid after <see cref="Read"/>).</summary>
    public IReadOnlyList<long> IndirectBlocks => _indirect;
    private readonly List<Ext4Extent> _runs = [];
    private readonly long _perBlock = sb.BlockSize / 4;

    public List<Ext4Extent> Read()
    {
        string what = $"block map of inode {inode.Number}";
        long at = inode.ByteOffset + 0x28;
        for (int i = 0; i < 12; i++)
            AddData(ReadUInt32LittleEndian(inode.Block.AsSpan(4 * i)), i, what, at + 4 * i);
        long first = 12, span = _perBlock;
        for (int level = 1; level <= 3; level++)
        {
            uint p = ReadUInt32LittleEndian(inode.Block.AsSpan(4 * (11 + level)));
            Indirect(p, level, first, what, at + 4 * (11 + level));
            first += span;
            span *= _perBlock;
        }
        return _runs;
    }

    private void Indirect(uint block, int level, long firstLogical, string parent, long pointerAt)
    {
        if (block == 0) return;
        string what = $"{(level == 1 ? "" : level == 2 ? "double " : "triple ")}indirect block {block} of inode {inode.Number}";
        if (block <= sb.FirstDataBlock || block >= sb.BlocksCount)
            throw new Ext4CorruptionException(parent, pointerAt, $"points to block {block}, outside the filesystem ({sb.BlocksCount} blocks)");
        if (!_visited.Add(block))
            throw new Ext4CorruptionException(parent, pointerAt, $"points to indirect block {block} a second time (loop or shared block)");
        _indirect.Add(block);
        long at = (long)block * sb.BlockSize;
        var data = image.Read(at, (int)sb.BlockSize, what);
        long childSpan = 1;
        for (int l = 1; l < level; l++) childSpan *= _perBlock;
        for (int i = 0; i < _perBlock; i++)
        {
            uint p = ReadUInt32LittleEndian(data.AsSpan(4 * i));
            long logical = firstLogical + i * childSpan;
            if (level == 1) AddData(p, logical, what, at + 4 * i);
            else Indirect(p, level - 1, logical, what, at + 4 * i);
        }
    }

    private void AddData(uint p, long logical, string what, long at)
    {
        if (p == 0) return;
        if (p <= sb.FirstDataBlock || p >= sb.BlocksCount)
            throw new Ext4CorruptionException(what, at, $"logical block {logical} maps to block {p}, outside the filesystem ({sb.BlocksCount} blocks)");
        if (_runs.Count > 0)
        {
            var last = _runs[^1];
            if (last.EndBlock == logical && last.PhysicalBlock + last.Length == p)
            {
                _runs[^1] = last with { Length = last.Length + 1 };
                return;
            }
        }
        _runs.Add(new Ext4Extent(logical, 1, p, false));
    }
}
