namespace IomapModel.IextTree;

/// <summary>Descending the tree and comparing keys: the search helpers of iomap_cache.c (seed lines 7542-7660).</summary>
public sealed partial class IextFork
{
    /// <summary><c>fuse_iext_key_cmp</c>: inner keys are u64, so the loff_t offset is compared as unsigned.</summary>
    private static int KeyCmp(IextNode node, int n, long offset)
    {
        ulong key = node.Keys[n], off = unchecked((ulong)offset);
        return key > off ? 1 : key < off ? -1 : 0;
    }

    /// <summary><c>fuse_iext_rec_cmp</c>: the start test is signed (loff_t against loff_t), the end test unsigned
    /// (loff_t + u64 promotes to u64).</summary>
    private static int RecCmp(in FuseIomap rec, long offset)
    {
        if (rec.Offset > offset)
            return 1;
        if (unchecked((ulong)rec.Offset + rec.Length) <= unchecked((ulong)offset))
            return -1;
        return 0;
    }

    /// <summary><c>fuse_iext_find_level</c>: the node at <paramref name="level"/> (1 = leaf) whose range holds the offset,
    /// or null in an empty tree (and, as in C, when a NULL child is met on the way down).</summary>
    private object? FindLevel(long offset, int level)
    {
        var node = _root;
        if (_height == 0)
            return null;
        for (var height = _height; height > level; height--)
        {
            var inner = (IextNode)node!;
            int i;
            for (i = 1; i < KeysPerNode; i++)
                if (KeyCmp(inner, i, offset) > 0)
                    break;
            node = inner.Ptrs[i - 1];
            if (node is null)
                break;
        }
        return node;
    }

    /// <summary><c>fuse_iext_node_pos</c>: the last entry whose key is at or below the offset, or 0.</summary>
    private static int NodePos(IextNode node, long offset)
    {
        int i;
        for (i = 1; i < KeysPerNode; i++)
            if (KeyCmp(node, i, offset) > 0)
                break;
        return i - 1;
    }

    /// <summary><c>fuse_iext_node_insert_pos</c>: the first entry whose key is above the offset.</summary>
    private static int NodeInsertPos(IextNode node, long offset)
    {
        for (var i = 0; i < KeysPerNode; i++)
            if (KeyCmp(node, i, offset) > 0)
                return i;
        return KeysPerNode;
    }

    /// <summary><c>fuse_iext_node_nr_entries</c>: entries counted from <paramref name="start"/> up to the first invalid key.</summary>
    private static int NodeNrEntries(IextNode node, int start)
    {
        int i;
        for (i = start; i < KeysPerNode; i++)
            if (node.Keys[i] == KeyInvalid)
                break;
        return i;
    }

    /// <summary><c>fuse_iext_leaf_nr_entries</c>: records counted from <paramref name="start"/> up to the first empty slot.</summary>
    private int LeafNrEntries(IextLeaf leaf, int start)
    {
        int i;
        var max = MaxRecs;
        for (i = start; i < max; i++)
        {
            if ((uint)i >= RecsPerLeaf)
                throw new KernelOopsException($"leaf slot {i} counted outside the leaf");
            if (IextLeaf.IsEmpty(leaf.Recs[i]))
                break;
        }
        return i;
    }

    /// <summary><c>fuse_iext_leaf_key</c>: a leaf's key is the offset of its record <paramref name="n"/>, read as u64.</summary>
    private static ulong LeafKey(IextLeaf leaf, int n) => unchecked((ulong)leaf.Recs[n].Offset);

    /// <summary><c>fuse_iext_find_first_leaf</c>.</summary>
    private IextLeaf? FindFirstLeaf()
    {
        if (_height == 0)
            return null;
        var node = _root;
        for (var height = _height; height > 1; height--)
        {
            node = ((IextNode)node!).Ptrs[0];
            Assert(node is not null, "fuse_iext_find_first_leaf", "node");
        }
        return (IextLeaf?)node;
    }

    /// <summary><c>fuse_iext_find_last_leaf</c>: follows the last non-NULL child on every level.</summary>
    private IextLeaf? FindLastLeaf()
    {
        if (_height == 0)
            return null;
        var node = _root;
        for (var height = _height; height > 1; height--)
        {
            var inner = (IextNode)node!;
            int i;
            for (i = 1; i < KeysPerNode; i++)
                if (inner.Ptrs[i] is null)
                    break;
            node = inner.Ptrs[i - 1];
            Assert(node is not null, "fuse_iext_find_last_leaf", "node");
        }
        return (IextLeaf?)node;
    }
}
