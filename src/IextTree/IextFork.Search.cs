using System.Numerics;
using System.Runtime.Intrinsics;

namespace IomapModel.IextTree;

/// <summary>Descending the tree and comparing keys: the search helpers of iomap_cache.c (seed lines 7542-7660).</summary>
public sealed partial class IextFork
{
    /// <summary><c>fuse_iext_key_cmp</c>: inner keys are u64, so the loff_t offset is compared as unsigned.</summary>
    private static int KeyCmp(in IextNode node, int n, long offset)
    {
        ulong key = node.Keys[n], off = unchecked((ulong)offset);
        return key > off ? 1 : key < off ? -1 : 0;
    }

    /// <summary><c>fuse_iext_rec_cmp</c>: the start test is signed (loff_t against loff_t), the end test unsigned
    /// (loff_t + u64 promotes to u64).</summary>
    private static int RecCmp(in FuseIextRec rec, long offset)
    {
        if (rec.Offset > offset)
            return 1;
        if (unchecked((ulong)rec.Offset + rec.Length) <= unchecked((ulong)offset))
            return -1;
        return 0;
    }

    /// <summary>Bit <c>i</c> set when <c>fuse_iext_key_cmp(node, i, offset) &gt; 0</c>, for all sixteen keys at once.
    /// The kernel's searches stop at the first such key; <see cref="FirstKeyAbove"/> finds it in this mask instead.</summary>
    internal static uint KeysAbove(in IextNode node, long offset)
    {
        var off = unchecked((ulong)offset);
        ReadOnlySpan<ulong> keys = node.Keys;
        if (Vector512.IsHardwareAccelerated)
        {
            var o = Vector512.Create(off);
            var lo = Vector512.GreaterThan(Vector512.Create(keys), o).ExtractMostSignificantBits();
            var hi = Vector512.GreaterThan(Vector512.Create(keys[8..]), o).ExtractMostSignificantBits();
            return (uint)(lo | hi << 8);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var o = Vector256.Create(off);
            var mask = 0u;
            for (var i = 0; i < KeysPerNode; i += 4)
                mask |= Vector256.GreaterThan(Vector256.Create(keys[i..]), o).ExtractMostSignificantBits() << i;
            return mask;
        }
        return KeysAboveScalar(node, offset);
    }

    /// <summary><see cref="KeysAbove"/> one key at a time, as the C compares (the reference for the vector forms).</summary>
    internal static uint KeysAboveScalar(in IextNode node, long offset)
    {
        var mask = 0u;
        for (var i = 0; i < KeysPerNode; i++)
            if (KeyCmp(node, i, offset) > 0)
                mask |= 1u << i;
        return mask;
    }

    /// <summary>The first entry at or after <paramref name="from"/> whose key is above the offset, or KEYS_PER_NODE when
    /// there is none: the loop of <c>fuse_iext_node_pos</c>, <c>_node_insert_pos</c> and <c>_find_level</c>, with the
    /// same answer for any keys, sorted or not.</summary>
    private static int FirstKeyAbove(in IextNode node, long offset, int from) =>
        BitOperations.TrailingZeroCount((KeysAbove(node, offset) & (~0u << from)) | (1u << KeysPerNode));

    /// <summary><c>fuse_iext_find_level</c>: the node at <paramref name="level"/> (1 = leaf) whose range holds the offset,
    /// or NULL in an empty tree (and, as in C, when a NULL child is met on the way down).</summary>
    private int FindLevel(long offset, int level)
    {
        var node = _root;
        if (_height == 0)
            return NullIndex;
        var nodes = _nodes; // nothing allocates on the way down
        for (var height = _height; height > level; height--)
        {
            ref var inner = ref nodes[node];
            node = inner.Ptrs[NodePos(inner, offset)];
            if (node == NullIndex)
                break;
        }
        return node;
    }

    /// <summary><c>fuse_iext_node_pos</c>: the last entry whose key is at or below the offset, or 0 (the first key above
    /// it from entry 1 on, minus one).</summary>
    private static int NodePos(in IextNode node, long offset) =>
        BitOperations.TrailingZeroCount((KeysAbove(node, offset) >> 1) | (1u << (KeysPerNode - 1)));

    /// <summary><c>fuse_iext_node_insert_pos</c>: the first entry whose key is above the offset.</summary>
    private static int NodeInsertPos(in IextNode node, long offset) => FirstKeyAbove(node, offset, 0);

    /// <summary><c>fuse_iext_node_nr_entries</c>: entries counted from <paramref name="start"/> up to the first invalid key.</summary>
    private static int NodeNrEntries(in IextNode node, int start)
    {
        int i;
        for (i = start; i < KeysPerNode; i++)
            if (node.Keys[i] == KeyInvalid)
                break;
        return i;
    }

    /// <summary><c>fuse_iext_leaf_nr_entries</c>: records counted from <paramref name="start"/> up to the first empty slot.</summary>
    private int LeafNrEntries(int leaf, int start)
    {
        ref var recs = ref LeafAt(leaf).Recs;
        int i;
        var max = MaxRecs;
        for (i = start; i < max; i++)
        {
            if ((uint)i >= RecsPerLeaf)
                throw new KernelOopsException($"leaf slot {i} counted outside the leaf");
            if (recs[i].IsEmpty)
                break;
        }
        return i;
    }

    /// <summary><c>fuse_iext_leaf_key</c>: a leaf's key is the offset of its record <paramref name="n"/>, read as u64.</summary>
    private ulong LeafKey(int leaf, int n) => unchecked((ulong)LeafAt(leaf).Recs[n].Offset);

    /// <summary><c>fuse_iext_find_first_leaf</c>.</summary>
    private int FindFirstLeaf()
    {
        if (_height == 0)
            return NullIndex;
        var node = _root;
        for (var height = _height; height > 1; height--)
        {
            node = NodeAt(node).Ptrs[0];
            Assert(node != NullIndex, "fuse_iext_find_first_leaf", "node");
        }
        return node;
    }

    /// <summary><c>fuse_iext_find_last_leaf</c>: follows the last non-NULL child on every level.</summary>
    private int FindLastLeaf()
    {
        if (_height == 0)
            return NullIndex;
        var node = _root;
        for (var height = _height; height > 1; height--)
        {
            ref var inner = ref NodeAt(node);
            int i;
            for (i = 1; i < KeysPerNode; i++)
                if (inner.Ptrs[i] == NullIndex)
                    break;
            node = inner.Ptrs[i - 1];
            Assert(node != NullIndex, "fuse_iext_find_last_leaf", "node");
        }
        return node;
    }
}
