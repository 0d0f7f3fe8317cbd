using System.Runtime.CompilerServices;

namespace IomapModel.IextTree;

/// <summary>Cursor moves and lookups (seed lines 7395-7541 and 8198-8254).</summary>
public sealed partial class IextFork
{
    /// <summary><c>fuse_iext_first</c>: slot 0 of the first leaf, or (null, 0) in an empty tree.</summary>
    public void First(ref IextCursor cur)
    {
        cur.Pos = 0;
        cur.Leaf = FindFirstLeaf();
    }

    /// <summary><c>fuse_iext_last</c>: the last record of the last leaf, or (null, 0) in an empty tree.</summary>
    public void Last(ref IextCursor cur)
    {
        cur.Leaf = FindLastLeaf();
        if (cur.Leaf == NullIndex)
        {
            cur.Pos = 0;
            return;
        }
        ref var leaf = ref LeafAt(cur.Leaf);
        int i;
        var max = MaxRecs;
        for (i = 1; i < max; i++)
            if (leaf.Recs[i].IsEmpty)
                break;
        cur.Pos = i - 1;
    }

    /// <summary><c>fuse_iext_next</c>. From a NULL-leaf cursor it wraps to <see cref="First"/>; past a leaf's last record
    /// it steps into the next leaf, but only above height 1, and otherwise stays past the end.</summary>
    public void Next(ref IextCursor cur)
    {
        if (cur.Leaf == NullIndex)
        {
            Assert(cur.Pos <= 0 || cur.Pos >= RecsPerLeaf, "fuse_iext_next", "cur->pos <= 0 || cur->pos >= RECS_PER_LEAF");
            First(ref cur);
            return;
        }

        Assert(cur.Pos >= 0, "fuse_iext_next", "cur->pos >= 0");
        Assert(cur.Pos < MaxRecs, "fuse_iext_next", "cur->pos < fuse_iext_max_recs(ifp)");

        cur.Pos++;
        if (_height > 1 && !IsValid(cur) && LeafAt(cur.Leaf).Next is var next && next != NullIndex)
        {
            cur.Leaf = next;
            cur.Pos = 0;
        }
    }

    /// <summary><c>fuse_iext_prev</c>. From a NULL-leaf cursor it wraps to <see cref="Last"/>; stepping back off the
    /// first record leaves the cursor at (first leaf, -1).</summary>
    public void Prev(ref IextCursor cur)
    {
        if (cur.Leaf == NullIndex)
        {
            Assert(cur.Pos <= 0 || cur.Pos >= RecsPerLeaf, "fuse_iext_prev", "cur->pos <= 0 || cur->pos >= RECS_PER_LEAF");
            Last(ref cur);
            return;
        }

        Assert(cur.Pos >= 0, "fuse_iext_prev", "cur->pos >= 0");
        Assert(cur.Pos <= RecsPerLeaf, "fuse_iext_prev", "cur->pos <= RECS_PER_LEAF");

        while (true)
        {
            do
            {
                cur.Pos--;
                if (IsValid(cur))
                    return;
            } while (cur.Pos > 0);

            if (_height > 1 && LeafAt(cur.Leaf).Prev is var prev && prev != NullIndex)
            {
                cur.Leaf = prev;
                cur.Pos = RecsPerLeaf;
                continue;
            }
            return;
        }
    }

    /// <summary><c>fuse_iext_lookup_extent</c>: the record covering <paramref name="offset"/>, else the first record after
    /// it. Returns false, with an invalid cursor, when nothing lies at or after the offset. The caller detects a hole by
    /// <c>got.Offset &gt; offset</c>.</summary>
    public bool LookupExtent(long offset, out IextCursor cur, out FuseIomap got)
    {
        ref readonly var rec = ref Seek(offset, out cur);
        if (Unsafe.IsNullRef(in rec))
        {
            got = default;
            return false;
        }
        got = rec.ToIomap();
        return true;
    }

    /// <summary>The search of <c>fuse_iext_lookup_extent</c>: places the cursor and returns the record found in place
    /// (a null reference where the C returns false), so callers copy out only the record they keep.</summary>
    private ref readonly FuseIextRec Seek(long offset, out IextCursor cur)
    {
        // The cursor is built in locals and stored once: it is an out parameter, so each step would be a store.
        var leafIndex = FindLevel(offset, 1);
        if (leafIndex == NullIndex)
        {
            cur = default;
            return ref Unsafe.NullRef<FuseIextRec>();
        }

        ref var leaf = ref LeafAt(leafIndex);
        var max = MaxRecs;
        int pos;
        for (pos = 0; pos < max; pos++)
        {
            ref var rec = ref leaf.Recs[pos];
            if (rec.IsEmpty)
                break;
            if (RecCmp(rec, offset) >= 0)
            {
                cur = new IextCursor { Leaf = leafIndex, Pos = pos };
                return ref rec;
            }
        }

        // Try the next leaf for a record beyond the offset.
        if (_height == 1 || leaf.Next == NullIndex)
        {
            cur = new IextCursor { Leaf = leafIndex, Pos = pos };
            return ref Unsafe.NullRef<FuseIextRec>();
        }
        cur = new IextCursor { Leaf = leaf.Next, Pos = 0 };
        if (!IsValid(cur))
            return ref Unsafe.NullRef<FuseIextRec>();
        return ref LeafAt(cur.Leaf).Recs[0];
    }

    /// <summary><c>fuse_iext_lookup_extent_before</c>: the last record that starts before <paramref name="end"/>; when it
    /// does not cover <c>end - 1</c>, <paramref name="end"/> is pulled back to that record's end. The C computes
    /// <c>*end - 1</c> and the new end with wrapping loff_t arithmetic, and so does this.</summary>
    public bool LookupExtentBefore(ref long end, out IextCursor cur, out FuseIomap got)
    {
        var last = unchecked(end - 1);
        ref readonly var found = ref Seek(last, out cur);
        if (!Unsafe.IsNullRef(in found) && found.Offset <= last)
        {
            got = found.ToIomap();
            return true;
        }
        if (cur.Leaf != NullIndex && cur.Pos > 0)
        {
            // fuse_iext_prev's first step, taken here: the lookup scanned every slot before cur.Pos and found it
            // filled, so the previous slot is valid and prev stops there (its ASSERTs on pos hold).
            cur.Pos--;
            got = LeafAt(cur.Leaf).Recs[cur.Pos].ToIomap();
        }
        else if (!PrevExtent(ref cur, out got))
            return false;
        end = unchecked(got.Offset + (long)got.Length);
        return true;
    }
}
