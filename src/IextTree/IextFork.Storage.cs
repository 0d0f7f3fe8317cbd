namespace IomapModel.IextTree;

/// <summary>
/// Where the nodes live: <c>fuse_iext_alloc_node</c> (seed lines 7661-7666) and the <c>kfree</c>s of remove and
/// destroy. The kernel kzallocs 256-byte nodes and links them by pointer; the fork keeps leaves and inner nodes by value
/// in pooled arrays and links them by index, 0 standing for NULL, so a lookup follows array slots instead of objects.
/// Leaves sit in chunks of 1,024 (the first chunk grows up to that from one leaf), so a large fork holds at most one
/// partly used chunk beyond what its records need; inner nodes, one per up to 16 leaves, sit in one growing array.
/// Freed nodes are kept as they were and handed out again, zeroed, before a pool grows. Once one of the fork's ASSERTs
/// has failed, the C may go on to free a node that is still linked in (a use-after-free); from then on the fork hands out
/// only new slots, so such a node stays readable as it was, and every later decision is the one the unpooled tree made.
/// </summary>
public sealed partial class IextFork
{
    /// <summary>NULL, as a leaf or node index.</summary>
    private const int NullIndex = 0;

    private const int LeafChunkShift = 10;
    private const int LeafChunkSize = 1 << LeafChunkShift;

    /// <summary>Leaf <c>i</c> lives at <c>_leafChunks[(i - 1) / 1024][(i - 1) % 1024]</c>.</summary>
    private IextLeaf[][] _leafChunks = [];
    private int _leavesIssued;
    private int[] _freeLeaves = [];
    private int _freeLeafCount;

    /// <summary>Inner node <c>i</c> lives at <c>_nodes[i]</c>; slot 0 (NULL) stays unused.</summary>
    private IextNode[] _nodes = [];
    private int _nodesIssued;
    private int[] _freeNodes = [];
    private int _freeNodeCount;

    /// <summary>Set by a failed ASSERT: freed nodes are no longer reused (until <see cref="Destroy"/>).</summary>
    private bool _keepFreedNodes;

    /// <summary>Leaf and inner-node slots handed out and not taken back: what the fork holds.</summary>
    internal (int Leaves, int Nodes) LiveNodes => (_leavesIssued - _freeLeafCount, _nodesIssued - _freeNodeCount);

    /// <summary>Leaf and inner-node slots ever handed out since the last destroy: what the pools have grown to.</summary>
    internal (int Leaves, int Nodes) IssuedNodes => (_leavesIssued, _nodesIssued);

    /// <summary>The leaf at an index. A reference into chunk 0 goes stale when <see cref="AllocLeaf"/> grows it: take
    /// references after allocating.</summary>
    private ref IextLeaf LeafAt(int leaf)
    {
        var i = leaf - 1;
        return ref _leafChunks[i >> LeafChunkShift][i & (LeafChunkSize - 1)];
    }

    /// <summary>The inner node at an index. A reference goes stale when <see cref="AllocNode"/> grows the pool.</summary>
    private ref IextNode NodeAt(int node) => ref _nodes[node];

    /// <summary>A zeroed leaf: no records, no siblings.</summary>
    private int AllocLeaf()
    {
        int leaf;
        if (_freeLeafCount > 0)
        {
            leaf = _freeLeaves[--_freeLeafCount];
        }
        else
        {
            leaf = ++_leavesIssued;
            var i = leaf - 1;
            var chunk = i >> LeafChunkShift;
            if (chunk == _leafChunks.Length)
                Array.Resize(ref _leafChunks, Math.Max(1, 2 * chunk));
            ref var slots = ref _leafChunks[chunk];
            if (slots is null)
                slots = new IextLeaf[chunk == 0 ? 1 : LeafChunkSize];
            else if ((i & (LeafChunkSize - 1)) == slots.Length)
                Array.Resize(ref slots, 2 * slots.Length);
        }
        LeafAt(leaf) = default;
        return leaf;
    }

    /// <summary>A new inner node: every key invalid, every child NULL.</summary>
    private int AllocNode()
    {
        int node;
        if (_freeNodeCount > 0)
        {
            node = _freeNodes[--_freeNodeCount];
        }
        else
        {
            node = ++_nodesIssued;
            if (node >= _nodes.Length)
                Array.Resize(ref _nodes, Math.Max(4, 2 * _nodes.Length));
        }
        ref var fresh = ref NodeAt(node);
        fresh = default;
        ((Span<ulong>)fresh.Keys).Fill(KeyInvalid);
        return node;
    }

    /// <summary><c>kfree</c> of a leaf: its slot may be handed out again.</summary>
    private void FreeLeaf(int leaf) => Push(ref _freeLeaves, ref _freeLeafCount, leaf);

    /// <summary><c>kfree</c> of an inner node: its slot may be handed out again.</summary>
    private void FreeNode(int node) => Push(ref _freeNodes, ref _freeNodeCount, node);

    private void Push(ref int[] stack, ref int count, int index)
    {
        if (_keepFreedNodes)
            return;
        if (count == stack.Length)
            Array.Resize(ref stack, Math.Max(4, 2 * stack.Length));
        stack[count++] = index;
    }

    /// <summary><c>fuse_iext_destroy_node</c> over the whole tree: every node goes back, and so does the memory.</summary>
    private void FreeAllNodes()
    {
        _leafChunks = [];
        _leavesIssued = 0;
        _freeLeaves = [];
        _freeLeafCount = 0;
        _nodes = [];
        _nodesIssued = 0;
        _freeNodes = [];
        _freeNodeCount = 0;
        _keepFreedNodes = false;
    }
}
