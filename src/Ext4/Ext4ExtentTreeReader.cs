using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>Walks an extent tree (<c>ext3_extent_header</c>, <c>ext3_extent_idx</c>, <c>ext3_extent</c>) from the root in
/// <c>i_block</c> to every leaf, checking each node as <c>__ext4_ext_check</c> does (magic, entries ≤ max, max fits
/// the node, depth one less than the parent, tail checksum) plus what a read-only walker needs to stay bounded: a tree
/// block is visited at most once (no loops or shared nodes), keys ascend, and extents neither overlap nor leave the
/// filesystem.</summary>
internal sealed class Ext4ExtentTreeReader(ImageBytes image, Ext4Superblock sb, Ext4Inode inode)
{
    public const ushort Magic = 0xF30A;
    /// <summary><c>EXT4_MAX_EXTENT_DEPTH</c>.</summary>
    public const int MaxDepth = 5;
    private const int EntrySize = 12;
    private const ulong LogicalLimit = 1UL << 32;

    private readonly HashSet<ulong> _visited = [];
    private readonly List<long> _nodes = [];
    private readonly List<Ext4Extent> _extents = [];

    public (List<Ext4Extent> Extents, int Depth, List<long> NodeBlocks) Read()
    {
        string what = $"extent root of inode {inode.Number}";
        long at = inode.ByteOffset + 0x28;
        int depth = CheckHeader(inode.Block, what, at, maxCapacity: (60 - EntrySize) / EntrySize, expectedDepth: -1);
        Walk(inode.Block, what, at, depth, 0, LogicalLimit);
        return (_extents, depth, _nodes);
    }

    private int CheckHeader(ReadOnlySpan<byte> node, string what, long at, int maxCapacity, int expectedDepth)
    {
        ushort magic = ReadUInt16LittleEndian(node);
        if (magic != Magic) throw new Ext4CorruptionException(what, at, $"bad magic 0x{magic:x4} (expected 0x{Magic:x4})");
        int entries = ReadUInt16LittleEndian(node[2..]), max = ReadUInt16LittleEndian(node[4..]), depth = ReadUInt16LittleEndian(node[6..]);
        if (max == 0 || max > maxCapacity) throw new Ext4CorruptionException(what, at + 4, $"eh_max {max} is outside 1..{maxCapacity}");
        if (entries > max) throw new Ext4CorruptionException(what, at + 2, $"eh_entries {entries} is above eh_max {max}");
        if (depth > MaxDepth) throw new Ext4CorruptionException(what, at + 6, $"eh_depth {depth} is above the maximum {MaxDepth}");
        if (expectedDepth >= 0 && depth != expectedDepth)
            throw new Ext4CorruptionException(what, at + 6, $"eh_depth {depth} where the parent index implies {expectedDepth}");
        return depth;
    }

    /// <summary>Visits one node whose keys must lie in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    private void Walk(ReadOnlySpan<byte> node, string what, long at, int depth, ulong low, ulong high)
    {
        int entries = ReadUInt16LittleEndian(node[2..]);
        for (int i = 0; i < entries; i++)
        {
            var e = node.Slice(EntrySize * (i + 1), EntrySize);
            long entryAt = at + EntrySize * (i + 1);
            ulong key = ReadUInt32LittleEndian(e);
            if (key < low || key >= high)
                throw new Ext4CorruptionException(what, entryAt, $"entry {i} starts at logical block {key}, outside its parent's range [{low}, {high})");
            if (depth == 0)
            {
                AddExtent(e, what, entryAt, i, high);
                continue;
            }
            ulong next = i + 1 < entries ? ReadUInt32LittleEndian(node[(EntrySize * (i + 2))..]) : high;
            if (next <= key)
                throw new Ext4CorruptionException(what, entryAt + EntrySize, $"index keys not ascending ({key} then {next})");
            ulong child = ReadUInt32LittleEndian(e[4..]) | (ulong)ReadUInt16LittleEndian(e[8..]) << 32;
            if (child <= sb.FirstDataBlock || child >= sb.BlocksCount)
                throw new Ext4CorruptionException(what, entryAt + 4, $"index {i} points to block {child}, outside the filesystem");
            if (!_visited.Add(child))
                throw new Ext4CorruptionException(what, entryAt + 4, $"index {i} points to block {child}, which is already part of the tree (loop or shared node)");
            _nodes.Add((long)child);
            long childAt = (long)child * sb.BlockSize;
            string childWhat = $"extent node of inode {inode.Number} (depth {depth - 1})";
            var block = image.Read(childAt, (int)sb.BlockSize, childWhat);
            CheckHeader(block, childWhat, childAt, maxCapacity: ((int)sb.BlockSize - EntrySize) / EntrySize, expectedDepth: depth - 1);
            VerifyTail(block, childWhat, childAt);
            Walk(block, childWhat, childAt, depth - 1, key, next);
        }
    }

    private void AddExtent(ReadOnlySpan<byte> e, string what, long at, int i, ulong high)
    {
        ulong lblk = ReadUInt32LittleEndian(e);
        int raw = ReadUInt16LittleEndian(e[4..]);
        bool unwritten = raw > 0x8000;
        int len = unwritten ? raw - 0x8000 : raw;
        ulong pblk = ReadUInt32LittleEndian(e[8..]) | (ulong)ReadUInt16LittleEndian(e[6..]) << 32;
        if (len == 0) throw new Ext4CorruptionException(what, at + 4, $"extent {i} has length 0");
        if (lblk + (ulong)len > high)
            throw new Ext4CorruptionException(what, at, $"extent {i} [{lblk}, {lblk + (ulong)len}) runs past its parent's range end {high}");
        if (pblk <= sb.FirstDataBlock || pblk + (ulong)len > sb.BlocksCount)
            throw new Ext4CorruptionException(what, at + 6, $"extent {i} blocks {pblk}..{pblk + (ulong)len - 1} are outside the filesystem ({sb.BlocksCount} blocks)");
        if (_extents.Count > 0 && (ulong)_extents[^1].EndBlock > lblk)
            throw new Ext4CorruptionException(what, at, $"extent {i} at logical block {lblk} overlaps the previous extent {_extents[^1]}");
        _extents.Add(new Ext4Extent((long)lblk, len, (long)pblk, unwritten));
    }

    /// <summary><c>ext4_extent_block_csum_verify</c>: the 4-byte tail after eh_max entries holds crc32c(i_csum_seed, node).</summary>
    private void VerifyTail(ReadOnlySpan<byte> block, string what, long at)
    {
        if (!sb.HasMetadataCsum) return;
        int tail = EntrySize * (1 + ReadUInt16LittleEndian(block[4..]));
        if (tail + 4 > block.Length) throw new Ext4CorruptionException(what, at + 4, "no room for the checksum tail after eh_max entries");
        uint want = ReadUInt32LittleEndian(block[tail..]);
        uint got = Crc32c.Update(inode.CsumSeed, block[..tail]);
        if (want != got)
            throw new Ext4CorruptionException(what, at + tail, $"checksum 0x{want:x8} does not match the contents (0x{got:x8})");
    }
}
