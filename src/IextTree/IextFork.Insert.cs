namespace IomapModel.IextTree;

/// <summary>Insertion with leaf and node splits, growth and key updates (seed lines 7661-7949).</summary>
public sealed partial class IextFork
{
    /// <summary>
    /// <c>fuse_iext_insert</c> / <c>fuse_iext_insert_raw</c>: puts <paramref name="rec"/> at the cursor, shifting the
    /// records from the cursor on to the right; the cursor ends on the new record. A full leaf splits 4/3 (or spills
    /// into an empty leaf when appending at slot 7); a new leaf's key goes into the level above, splitting upward.
    /// </summary>
    public void Insert(ref IextCursor cur, in FuseIomap rec)
    {
        var offset = rec.Offset;
        var newLeaf = NullIndex;

        _seq.Increment();

        if (_height == 0)
            AllocRoot(ref cur);
        else if (_height == 1)
            cur.Leaf = _root; // fuse_iext_realloc_root: the root leaf grows by one slot

        if (cur.Leaf == NullIndex)
            throw new KernelOopsException($"insert at NULL leaf cursor {cur} (height {_height})");
        var nrEntries = LeafNrEntries(cur.Leaf, cur.Pos);
        Assert(nrEntries <= RecsPerLeaf, "fuse_iext_insert_raw", "nr_entries <= RECS_PER_LEAF");
        Assert(cur.Pos >= nrEntries || RecCmp(CurRec(cur), rec.Offset) != 0, "fuse_iext_insert_raw",
            "cur->pos >= nr_entries || fuse_iext_rec_cmp(cur_rec(cur), irec->offset) != 0");

        if (nrEntries == RecsPerLeaf)
            newLeaf = SplitLeaf(ref cur, ref nrEntries);

        // A new first record of an existing leaf changes that leaf's key on the way down.
        if (cur.Leaf != newLeaf && cur.Pos == 0 && nrEntries > 0)
            UpdateNode(unchecked((long)LeafKey(cur.Leaf, 0)), offset, 1, cur.Leaf);

        ref var recs = ref LeafAt(cur.Leaf).Recs;
        if (nrEntries >= RecsPerLeaf)
            throw new KernelOopsException($"insert shifts record {nrEntries} outside the leaf");
        for (var i = nrEntries; i > cur.Pos; i--)
            recs[i] = recs[i - 1];
        Set(ref CurRec(cur), rec);
        _count++;

        if (newLeaf != NullIndex)
            InsertNode(LeafKey(newLeaf, 0), newLeaf, 2);
    }

    /// <summary><c>fuse_iext_set</c>: stores the six fields (no cookie). A zero length is stored anyway, as in C, where it
    /// then reads as an empty slot.</summary>
    private void Set(ref FuseIextRec slot, in FuseIomap rec)
    {
        Assert(rec.Length > 0, "fuse_iext_set", "irec->length > 0");
        slot = FuseIextRec.From(rec);
    }

    /// <summary><c>fuse_iext_alloc_root</c>: the first record gets a root leaf and height 1.</summary>
    private void AllocRoot(ref IextCursor cur)
    {
        Assert(_count == 0, "fuse_iext_alloc_root", "ifp->if_bytes == 0");
        _root = AllocLeaf();
        _height = 1;
        cur.Leaf = _root;
        cur.Pos = 0;
    }

    /// <summary><c>fuse_iext_split_leaf</c>: keep 4, move 3 to a new right sibling; an append at slot 7 moves nothing and
    /// spills into the new leaf instead. The cursor follows its slot.</summary>
    private int SplitLeaf(ref IextCursor cur, ref int nrEntries)
    {
        var fresh = AllocLeaf(); // first: it may move the leaves taken by reference below
        var leafIndex = cur.Leaf;
        ref var leaf = ref LeafAt(leafIndex);
        ref var right = ref LeafAt(fresh);
        const int nrMove = RecsPerLeaf / 2;
        const int nrKeep = nrMove + (RecsPerLeaf & 1);

        if (cur.Pos == RecsPerLeaf)
        {
            cur.Leaf = fresh;
            cur.Pos = 0;
            nrEntries = 0;
        }
        else
        {
            for (var i = 0; i < nrMove; i++)
            {
                right.Recs[i] = leaf.Recs[nrKeep + i];
                leaf.Recs[nrKeep + i] = default;
            }
            if (cur.Pos >= nrKeep)
            {
                cur.Leaf = fresh;
                cur.Pos -= nrKeep;
                nrEntries = nrMove;
            }
            else
            {
                nrEntries = nrKeep;
            }
        }

        if (leaf.Next != NullIndex)
            LeafAt(leaf.Next).Prev = fresh;
        right.Next = leaf.Next;
        right.Prev = leafIndex;
        leaf.Next = fresh;
        return fresh;
    }

    /// <summary><c>fuse_iext_grow</c>: a new root whose only child is the old root.</summary>
    private void Grow()
    {
        var fresh = AllocNode();
        ref var node = ref NodeAt(fresh);
        if (_height == 1)
        {
            node.Keys[0] = LeafKey(_root, 0);
        }
        else
        {
            Assert(_height > 1, "fuse_iext_grow", "ifp->if_height > 1");
            node.Keys[0] = NodeAt(_root).Keys[0];
        }
        node.Ptrs[0] = _root;
        _root = fresh;
        _height++;
    }

    /// <summary><c>fuse_iext_update_node</c>: rewrites key <paramref name="oldOffset"/> to <paramref name="newOffset"/> on
    /// every inner level on the path to <paramref name="ptr"/> at <paramref name="level"/>.</summary>
    private void UpdateNode(long oldOffset, long newOffset, int level, int ptr)
    {
        var node = _root;
        for (var height = _height; height > level; height--)
        {
            ref var inner = ref NodeAt(node);
            int i;
            for (i = 0; i < KeysPerNode; i++)
            {
                if (i > 0 && KeyCmp(inner, i, oldOffset) > 0)
                    break;
                if (inner.Keys[i] == unchecked((ulong)oldOffset))
                    inner.Keys[i] = unchecked((ulong)newOffset);
            }
            node = inner.Ptrs[i - 1];
            if (!Assert(node != NullIndex, "fuse_iext_update_node", "node"))
                throw new KernelOopsException("update_node followed a NULL child");
        }
        Assert(node == ptr, "fuse_iext_update_node", "node == ptr");
    }

    /// <summary><c>fuse_iext_split_node</c>: keep 8, move 8; an append at slot 16 spills into the empty new node.</summary>
    private int SplitNode(ref int node, ref int pos, ref int nrEntries)
    {
        var fresh = AllocNode(); // first: it may move the nodes taken by reference below
        const int nrMove = KeysPerNode / 2;
        const int nrKeep = nrMove + (KeysPerNode & 1);

        if (pos == KeysPerNode)
        {
            node = fresh;
            pos = 0;
            nrEntries = 0;
            return fresh;
        }

        ref var left = ref NodeAt(node);
        ref var right = ref NodeAt(fresh);
        for (var i = 0; i < nrMove; i++)
        {
            right.Keys[i] = left.Keys[nrKeep + i];
            right.Ptrs[i] = left.Ptrs[nrKeep + i];
            left.Keys[nrKeep + i] = KeyInvalid;
            left.Ptrs[nrKeep + i] = NullIndex;
        }

        if (pos >= nrKeep)
        {
            node = fresh;
            pos -= nrKeep;
            nrEntries = nrMove;
        }
        else
        {
            nrEntries = nrKeep;
        }
        return fresh;
    }

    /// <summary><c>fuse_iext_insert_node</c>: adds (key, child) at <paramref name="level"/>, growing the tree when the
    /// level does not exist yet and splitting full nodes upward.</summary>
    private void InsertNode(ulong offset, int ptr, int level)
    {
        while (true)
        {
            if (_height < level)
                Grow();

            var fresh = NullIndex;
            var node = FindLevel(unchecked((long)offset), level);
            if (node == NullIndex)
                throw new KernelOopsException($"insert_node found no node at level {level} for key {offset}");
            var pos = NodeInsertPos(NodeAt(node), unchecked((long)offset));
            var nrEntries = NodeNrEntries(NodeAt(node), pos);

            Assert(pos >= nrEntries || KeyCmp(NodeAt(node), pos, unchecked((long)offset)) != 0, "fuse_iext_insert_node",
                "pos >= nr_entries || fuse_iext_key_cmp(node, pos, offset) != 0");
            Assert(nrEntries <= KeysPerNode, "fuse_iext_insert_node", "nr_entries <= KEYS_PER_NODE");

            if (nrEntries == KeysPerNode)
                fresh = SplitNode(ref node, ref pos, ref nrEntries);

            // A new first entry of an existing node changes its key in the levels above.
            if (node != fresh && pos == 0 && nrEntries > 0)
                UpdateNode(unchecked((long)NodeAt(node).Keys[0]), unchecked((long)offset), level, node);

            ref var target = ref NodeAt(node);
            for (var i = nrEntries; i > pos; i--)
            {
                target.Keys[i] = target.Keys[i - 1];
                target.Ptrs[i] = target.Ptrs[i - 1];
            }
            target.Keys[pos] = offset;
            target.Ptrs[pos] = ptr;

            if (fresh == NullIndex)
                return;
            offset = NodeAt(fresh).Keys[0];
            ptr = fresh;
            level++;
        }
    }
}
