namespace IomapModel.IextTree;

/// <summary>
/// One fork of the in-kernel mapping cache: the fuse_iext B+tree of <c>fs/fuse/iomap_cache.c</c> (seed lines
/// 7204-8330), itself a port of XFS's <c>xfs_iext_tree.c</c>. Records are kept sorted by file offset in leaves of seven;
/// inner nodes hold sixteen keys. The tree makes no ordering checks of its own: callers position a cursor (usually with
/// <see cref="LookupExtent"/>) and insert, remove or update at it, exactly as the kernel's cache layer does.
/// Every mutation bumps the <see cref="IomapSequence"/> shared with the other fork of the same inode.
/// </summary>
public sealed partial class IextFork
{
    private const int KeysPerNode = IextGeometry.KeysPerNode;
    private const int RecsPerLeaf = IextGeometry.RecsPerLeaf;
    private const ulong KeyInvalid = IextGeometry.KeyInvalid;

    private readonly IomapSequence _seq;
    private readonly KernelAsserts _asserts;

    /// <summary><c>if_data</c>: 0 (NULL, height 0), a leaf index (height 1) or an inner node index.</summary>
    private int _root;

    /// <summary><c>if_height</c>.</summary>
    private int _height;

    /// <summary><c>if_bytes / sizeof(struct fuse_iext_rec)</c>: the only record count the kernel keeps.</summary>
    private long _count;

    public IextFork(IomapSequence seq, KernelAsserts asserts)
    {
        _seq = seq;
        _asserts = asserts;
    }

    /// <summary><c>fuse_iext_count</c>: records in the fork.</summary>
    public long Count => _count;

    /// <summary><c>if_height</c>: 0 empty, 1 the root is a leaf, h: h-1 inner levels above the leaves.</summary>
    public int Height => _height;

    /// <summary>The counter this fork bumps (owned by the cache object of the inode).</summary>
    public IomapSequence Sequence => _seq;

    /// <summary>Where this fork records the kernel ASSERTs it trips.</summary>
    public KernelAsserts Asserts => _asserts;

    /// <summary><c>fuse_iext_max_recs</c>: the height-1 root leaf is sized to hold exactly <c>count</c> records.</summary>
    private int MaxRecs => _height == 1 ? (int)_count : RecsPerLeaf;

    /// <summary>Records a failed kernel ASSERT and goes on; from then on the fork stops reusing freed nodes (see
    /// <see cref="FreeLeaf"/>).</summary>
    private bool Assert(bool condition, string function, string text)
    {
        if (!_asserts.Check(condition, function, text))
            _keepFreedNodes = true;
        return condition;
    }

    /// <summary><c>cur_rec</c>: the slot under the cursor; the C would read outside the leaf on a bad position.</summary>
    private ref FuseIextRec CurRec(in IextCursor cur)
    {
        if (cur.Leaf == NullIndex)
            throw new KernelOopsException($"NULL leaf dereferenced at cursor {cur}");
        if ((uint)cur.Pos >= RecsPerLeaf)
            throw new KernelOopsException($"leaf slot {cur.Pos} read outside the leaf at cursor {cur}");
        return ref LeafAt(cur.Leaf).Recs[cur.Pos];
    }

    /// <summary><c>fuse_iext_valid</c>.</summary>
    public bool IsValid(in IextCursor cur)
    {
        if (cur.Leaf == NullIndex)
            return false;
        if (cur.Pos < 0 || cur.Pos >= MaxRecs)
            return false;
        return !LeafAt(cur.Leaf).Recs[cur.Pos].IsEmpty;
    }

    /// <summary><c>fuse_iext_get_extent</c>: the record under a valid cursor.</summary>
    public bool TryGetExtent(in IextCursor cur, out FuseIomap got)
    {
        if (!IsValid(cur))
        {
            got = default;
            return false;
        }
        got = LeafAt(cur.Leaf).Recs[cur.Pos].ToIomap();
        return true;
    }

    /// <summary><c>fuse_iext_next_extent</c>.</summary>
    public bool NextExtent(ref IextCursor cur, out FuseIomap got)
    {
        Next(ref cur);
        return TryGetExtent(cur, out got);
    }

    /// <summary><c>fuse_iext_prev_extent</c>.</summary>
    public bool PrevExtent(ref IextCursor cur, out FuseIomap got)
    {
        Prev(ref cur);
        return TryGetExtent(cur, out got);
    }

    /// <summary><c>fuse_iext_peek_next_extent</c>: the next record, without moving the cursor.</summary>
    public bool PeekNextExtent(in IextCursor cur, out FuseIomap got)
    {
        var copy = cur;
        return NextExtent(ref copy, out got);
    }

    /// <summary><c>fuse_iext_peek_prev_extent</c>: the previous record, without moving the cursor.</summary>
    public bool PeekPrevExtent(in IextCursor cur, out FuseIomap got)
    {
        var copy = cur;
        return PrevExtent(ref copy, out got);
    }

    /// <summary><c>for_each_fuse_iext</c>: every record in offset order.</summary>
    public IEnumerable<FuseIomap> Records()
    {
        var cur = default(IextCursor);
        First(ref cur);
        while (TryGetExtent(cur, out var got))
        {
            yield return got;
            Next(ref cur);
        }
    }

    /// <summary><c>fuse_iext_destroy</c>: drops every record. Unlike insert/remove/update it does not bump the
    /// sequence counter (see docs/findings.md).</summary>
    public void Destroy()
    {
        _root = NullIndex;
        _count = 0;
        _height = 0;
        FreeAllNodes();
    }
}
