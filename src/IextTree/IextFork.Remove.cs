namespace IomapModel.IextTree;

/// <summary>Removal with leaf and node merges and root collapse (seed lines 7950-8196), and in-place update
/// (seed lines 8256-8283).</summary>
public sealed partial class IextFork
{
    /// <summary>
    /// <c>fuse_iext_remove</c>: deletes the record under the cursor. Afterwards the cursor points at the successor: the
    /// same slot, slot 0 of the next leaf, or (null, 0) after the globally last record; a merge may move it. A leaf left
    /// with fewer than 3 records merges whole into a neighbour that has room (never redistributes); an empty one is freed.
    /// </summary>
    public void Remove(ref IextCursor cur)
    {
        var leafIndex = cur.Leaf;
        if (leafIndex == NullIndex)
            throw new KernelOopsException($"remove at NULL leaf cursor {cur}");
        var offset = unchecked((long)LeafKey(leafIndex, 0));

        Assert(_height > 0, "fuse_iext_remove", "ifp->if_height > 0");
        Assert(_root != NullIndex, "fuse_iext_remove", "ifp->if_data != NULL");
        Assert(IsValid(cur), "fuse_iext_remove", "fuse_iext_valid(ifp, cur)");

        _seq.Increment();

        var nrEntries = LeafNrEntries(leafIndex, cur.Pos) - 1;
        if ((uint)nrEntries >= RecsPerLeaf)
            throw new KernelOopsException($"remove clears slot {nrEntries} outside the leaf");
        ref var leaf = ref LeafAt(leafIndex);
        for (var i = cur.Pos; i < nrEntries; i++)
            leaf.Recs[i] = leaf.Recs[i + 1];
        leaf.Recs[nrEntries] = default;
        _count--;

        if (cur.Pos == 0 && nrEntries > 0)
        {
            UpdateNode(offset, unchecked((long)LeafKey(leafIndex, 0)), 1, leafIndex);
            offset = unchecked((long)LeafKey(leafIndex, 0));
        }
        else if (cur.Pos == nrEntries)
        {
            cur.Leaf = _height > 1 && leaf.Next != NullIndex ? leaf.Next : NullIndex;
            cur.Pos = 0;
        }

        if (nrEntries >= RecsPerLeaf / 2)
            return;

        if (_height > 1)
            RebalanceLeaf(ref cur, leafIndex, offset, nrEntries);
        else if (nrEntries == 0)
            FreeLastLeaf();
    }

    /// <summary><c>fuse_iext_update_extent</c>: overwrites the record under the cursor; a changed offset in slot 0
    /// rewrites the leaf's key above. Nothing moves and nothing rebalances: ordering is the caller's job.</summary>
    public void UpdateExtent(ref IextCursor cur, in FuseIomap rec)
    {
        _seq.Increment();

        if (cur.Pos == 0)
        {
            var oldOffset = CurRec(cur).Offset;
            if (rec.Offset != oldOffset)
                UpdateNode(oldOffset, rec.Offset, 1, cur.Leaf);
        }
        Set(ref CurRec(cur), rec);
    }

    /// <summary><c>fuse_iext_free_last_leaf</c>: height 1 to 0.</summary>
    private void FreeLastLeaf()
    {
        _height--;
        FreeLeaf(_root);
        _root = NullIndex;
    }

    /// <summary><c>fuse_iext_rebalance_leaf</c>: fold an underfull leaf into its predecessor, else pull its successor
    /// in (so no key changes), else leave it underfull. Leaves merge across parents through the sibling list.</summary>
    private void RebalanceLeaf(ref IextCursor cur, int leaf, long offset, int nrEntries)
    {
        if (nrEntries != 0)
        {
            var merged = false;
            var prev = LeafAt(leaf).Prev;
            if (prev != NullIndex)
            {
                var nrPrev = LeafNrEntries(prev, 0);
                if (nrPrev + nrEntries <= RecsPerLeaf)
                {
                    for (var i = 0; i < nrEntries; i++)
                        LeafAt(prev).Recs[nrPrev + i] = LeafAt(leaf).Recs[i];
                    if (cur.Leaf == leaf)
                    {
                        cur.Leaf = prev;
                        cur.Pos += nrPrev;
                    }
                    merged = true;
                }
            }

            var next = LeafAt(leaf).Next;
            if (!merged && next != NullIndex)
            {
                var nrNext = LeafNrEntries(next, 0);
                if (nrEntries + nrNext <= RecsPerLeaf)
                {
                    for (var i = 0; i < nrNext; i++)
                        LeafAt(leaf).Recs[nrEntries + i] = LeafAt(next).Recs[i];
                    if (cur.Leaf == next)
                    {
                        cur.Leaf = leaf;
                        cur.Pos += nrEntries;
                    }
                    offset = unchecked((long)LeafKey(next, 0));
                    leaf = next;
                    merged = true;
                }
            }

            if (!merged)
                return;
        }

        ref var victim = ref LeafAt(leaf);
        if (victim.Prev != NullIndex)
            LeafAt(victim.Prev).Next = victim.Next;
        if (victim.Next != NullIndex)
            LeafAt(victim.Next).Prev = victim.Prev;
        RemoveNode(offset, leaf);
    }

    /// <summary><c>fuse_iext_remove_node</c>: drops <paramref name="victim"/> from its parent at level 2, then merges
    /// underfull inner nodes with same-parent siblings going up, and collapses a root left with one child.</summary>
    private void RemoveNode(long offset, int victim)
    {
        var level = 2;
        Assert(level <= _height, "fuse_iext_remove_node", "level <= ifp->if_height");
        var node = FindLevel(offset, level);
        if (node == NullIndex)
            throw new KernelOopsException($"remove_node found no parent for key {offset}");
        var pos = NodePos(NodeAt(node), offset);

        while (true)
        {
            ref var inner = ref NodeAt(node);
            Assert(inner.Ptrs[pos] != NullIndex, "fuse_iext_remove_node", "node->ptrs[pos]");
            Assert(inner.Ptrs[pos] == victim, "fuse_iext_remove_node", "node->ptrs[pos] == victim");
            if (level == 2)
                FreeLeaf(victim);
            else
                FreeNode(victim);

            var nrEntries = NodeNrEntries(inner, pos) - 1;
            offset = unchecked((long)inner.Keys[0]);
            for (var i = pos; i < nrEntries; i++)
            {
                inner.Keys[i] = inner.Keys[i + 1];
                inner.Ptrs[i] = inner.Ptrs[i + 1];
            }
            if ((uint)nrEntries >= KeysPerNode)
                throw new KernelOopsException($"remove_node clears entry {nrEntries} outside the node");
            inner.Keys[nrEntries] = KeyInvalid;
            inner.Ptrs[nrEntries] = NullIndex;

            if (pos == 0 && nrEntries > 0)
            {
                UpdateNode(offset, unchecked((long)inner.Keys[0]), level, node);
                offset = unchecked((long)inner.Keys[0]);
            }

            if (nrEntries >= KeysPerNode / 2)
                return;

            if (level < _height)
            {
                // Not at the root yet: merge with (or delete into) a sibling, then go up a level.
                level++;
                var parent = FindLevel(offset, level);
                if (parent == NullIndex)
                    throw new KernelOopsException($"remove_node found no node at level {level}");
                pos = NodePos(NodeAt(parent), offset);
                Assert(pos != KeysPerNode, "fuse_iext_remove_node", "pos != KEYS_PER_NODE");
                Assert(NodeAt(parent).Ptrs[pos] == node, "fuse_iext_remove_node", "parent->ptrs[pos] == node");

                var freed = RebalanceNode(parent, ref pos, node, nrEntries);
                if (freed == NullIndex)
                    return;
                victim = freed;
                node = parent;
                continue;
            }

            if (nrEntries == 1)
            {
                // The root has a single child left: that child becomes the root.
                Assert(node == _root, "fuse_iext_remove_node", "node == ifp->if_data");
                _root = inner.Ptrs[0];
                _height--;
                FreeNode(node);
            }
            return;
        }
    }

    /// <summary><c>fuse_iext_rebalance_node</c>: merge with the previous or next sibling under the same parent when the
    /// two fit in one node; returns the node to drop from the parent (NULL: nothing merged).</summary>
    private int RebalanceNode(int parent, ref int pos, int node, int nrEntries)
    {
        if (nrEntries == 0)
            return node;

        if (pos > 0)
        {
            var prev = NodeAt(parent).Ptrs[pos - 1];
            var nrPrev = NodeNrEntries(NodeAt(prev), 0);
            if (nrPrev + nrEntries <= KeysPerNode)
            {
                ref var into = ref NodeAt(prev);
                ref var from = ref NodeAt(node);
                for (var i = 0; i < nrEntries; i++)
                {
                    into.Keys[nrPrev + i] = from.Keys[i];
                    into.Ptrs[nrPrev + i] = from.Ptrs[i];
                }
                return node;
            }
        }

        if (pos + 1 < NodeNrEntries(NodeAt(parent), pos))
        {
            var next = NodeAt(parent).Ptrs[pos + 1];
            var nrNext = NodeNrEntries(NodeAt(next), 0);
            if (nrEntries + nrNext <= KeysPerNode)
            {
                ref var into = ref NodeAt(node);
                ref var from = ref NodeAt(next);
                for (var i = 0; i < nrNext; i++)
                {
                    into.Keys[nrEntries + i] = from.Keys[i];
                    into.Ptrs[nrEntries + i] = from.Ptrs[i];
                }
                pos++;
                return next;
            }
        }
        return NullIndex;
    }
}
