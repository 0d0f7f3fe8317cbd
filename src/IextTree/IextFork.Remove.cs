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
        var leaf = cur.Leaf ?? throw new KernelOopsException($"remove at NULL leaf cursor {cur}");
        var offset = unchecked((long)LeafKey(leaf, 0));

        Assert(_height > 0, "fuse_iext_remove", "ifp->if_height > 0");
        Assert(_root is not null, "fuse_iext_remove", "ifp->if_data != NULL");
        Assert(IsValid(cur), "fuse_iext_remove", "fuse_iext_valid(ifp, cur)");

        _seq.Increment();

        var nrEntries = LeafNrEntries(leaf, cur.Pos) - 1;
        if ((uint)nrEntries >= RecsPerLeaf)
            throw new KernelOopsException($"remove clears slot {nrEntries} outside the leaf");
        for (var i = cur.Pos; i < nrEntries; i++)
            leaf.Recs[i] = leaf.Recs[i + 1];
        leaf.Recs[nrEntries] = default;
        _count--;

        if (cur.Pos == 0 && nrEntries > 0)
        {
            UpdateNode(offset, unchecked((long)LeafKey(leaf, 0)), 1, leaf);
            offset = unchecked((long)LeafKey(leaf, 0));
        }
        else if (cur.Pos == nrEntries)
        {
            cur.Leaf = _height > 1 && leaf.Next is not null ? leaf.Next : null;
            cur.Pos = 0;
        }

        if (nrEntries >= RecsPerLeaf / 2)
            return;

        if (_height > 1)
            RebalanceLeaf(ref cur, leaf, offset, nrEntries);
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
            var old = CurRec(cur);
            if (rec.Offset != old.Offset)
                UpdateNode(old.Offset, rec.Offset, 1, cur.Leaf!);
        }
        Set(ref CurRec(cur), rec);
    }

    /// <summary><c>fuse_iext_free_last_leaf</c>: height 1 to 0.</summary>
    private void FreeLastLeaf()
    {
        _height--;
        _root = null;
    }

    /// <summary><c>fuse_iext_rebalance_leaf</c>: fold an underfull leaf into its predecessor, else pull its successor
    /// in (so no key changes), else leave it underfull. Leaves merge across parents through the sibling list.</summary>
    private void RebalanceLeaf(ref IextCursor cur, IextLeaf leaf, long offset, int nrEntries)
    {
        if (nrEntries != 0)
        {
            var merged = false;
            if (leaf.Prev is not null)
            {
                var nrPrev = LeafNrEntries(leaf.Prev, 0);
                if (nrPrev + nrEntries <= RecsPerLeaf)
                {
                    for (var i = 0; i < nrEntries; i++)
                        leaf.Prev.Recs[nrPrev + i] = leaf.Recs[i];
                    if (cur.Leaf == leaf)
                    {
                        cur.Leaf = leaf.Prev;
                        cur.Pos += nrPrev;
                    }
                    merged = true;
                }
            }

            if (!merged && leaf.Next is not null)
            {
                var nrNext = LeafNrEntries(leaf.Next, 0);
                if (nrEntries + nrNext <= RecsPerLeaf)
                {
                    for (var i = 0; i < nrNext; i++)
                        leaf.Recs[nrEntries + i] = leaf.Next.Recs[i];
                    if (cur.Leaf == leaf.Next)
                    {
                        cur.Leaf = leaf;
                        cur.Pos += nrEntries;
                    }
                    offset = unchecked((long)LeafKey(leaf.Next, 0));
                    leaf = leaf.Next;
                    merged = true;
                }
            }

            if (!merged)
                return;
        }

        if (leaf.Prev is not null)
            leaf.Prev.Next = leaf.Next;
        if (leaf.Next is not null)
            leaf.Next.Prev = leaf.Prev;
        RemoveNode(offset, leaf);
    }

    /// <summary><c>fuse_iext_remove_node</c>: drops <paramref name="victim"/> from its parent at level 2, then merges
    /// underfull inner nodes with same-parent siblings going up, and collapses a root left with one child.</summary>
    private void RemoveNode(long offset, object victim)
    {
        var level = 2;
        Assert(level <= _height, "fuse_iext_remove_node", "level <= ifp->if_height");
        var node = (IextNode?)FindLevel(offset, level)
            ?? throw new KernelOopsException($"remove_node found no parent for key {offset}");
        var pos = NodePos(node, offset);

        while (true)
        {
            Assert(node.Ptrs[pos] is not null, "fuse_iext_remove_node", "node->ptrs[pos]");
            Assert(ReferenceEquals(node.Ptrs[pos], victim), "fuse_iext_remove_node", "node->ptrs[pos] == victim");

            var nrEntries = NodeNrEntries(node, pos) - 1;
            offset = unchecked((long)node.Keys[0]);
            for (var i = pos; i < nrEntries; i++)
            {
                node.Keys[i] = node.Keys[i + 1];
                node.Ptrs[i] = node.Ptrs[i + 1];
            }
            if ((uint)nrEntries >= KeysPerNode)
                throw new KernelOopsException($"remove_node clears entry {nrEntries} outside the node");
            node.Keys[nrEntries] = KeyInvalid;
            node.Ptrs[nrEntries] = null;

            if (pos == 0 && nrEntries > 0)
            {
                UpdateNode(offset, unchecked((long)node.Keys[0]), level, node);
                offset = unchecked((long)node.Keys[0]);
            }

            if (nrEntries >= KeysPerNode / 2)
                return;

            if (level < _height)
            {
                // Not at the root yet: merge with (or delete into) a sibling, then go up a level.
                level++;
                var parent = (IextNode?)FindLevel(offset, level)
                    ?? throw new KernelOopsException($"remove_node found no node at level {level}");
                pos = NodePos(parent, offset);
                Assert(pos != KeysPerNode, "fuse_iext_remove_node", "pos != KEYS_PER_NODE");
                Assert(ReferenceEquals(parent.Ptrs[pos], node), "fuse_iext_remove_node", "parent->ptrs[pos] == node");

                var freed = RebalanceNode(parent, ref pos, node, nrEntries);
                if (freed is null)
                    return;
                victim = freed;
                node = parent;
                continue;
            }

            if (nrEntries == 1)
            {
                // The root has a single child left: that child becomes the root.
                Assert(ReferenceEquals(node, _root), "fuse_iext_remove_node", "node == ifp->if_data");
                _root = node.Ptrs[0];
                _height--;
            }
            return;
        }
    }

    /// <summary><c>fuse_iext_rebalance_node</c>: merge with the previous or next sibling under the same parent when the
    /// two fit in one node; returns the node to drop from the parent (null: nothing merged).</summary>
    private static IextNode? RebalanceNode(IextNode parent, ref int pos, IextNode node, int nrEntries)
    {
        if (nrEntries == 0)
            return node;

        if (pos > 0)
        {
            var prev = (IextNode)parent.Ptrs[pos - 1]!;
            var nrPrev = NodeNrEntries(prev, 0);
            if (nrPrev + nrEntries <= KeysPerNode)
            {
                for (var i = 0; i < nrEntries; i++)
                {
                    prev.Keys[nrPrev + i] = node.Keys[i];
                    prev.Ptrs[nrPrev + i] = node.Ptrs[i];
                }
                return node;
            }
        }

        if (pos + 1 < NodeNrEntries(parent, pos))
        {
            var next = (IextNode)parent.Ptrs[pos + 1]!;
            var nrNext = NodeNrEntries(next, 0);
            if (nrEntries + nrNext <= KeysPerNode)
            {
                for (var i = 0; i < nrNext; i++)
                {
                    node.Keys[nrEntries + i] = next.Keys[i];
                    node.Ptrs[nrEntries + i] = next.Ptrs[i];
                }
                pos++;
                return next;
            }
        }
        return null;
    }
}
