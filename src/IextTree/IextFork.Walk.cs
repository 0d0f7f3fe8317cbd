namespace IomapModel.IextTree;

/// <summary>One step of <see cref="IextFork.Preorder"/>: a leaf or inner node index, its depth below the root, and which
/// of the two it is (depth and height decide that).</summary>
internal readonly record struct IextVisit(int Depth, bool IsLeaf, int Index);

/// <summary>Structural walks for the shape dump and the invariant checker (no kernel counterpart besides
/// <c>fuse_iext_destroy_node</c>'s recursion).</summary>
public sealed partial class IextFork
{
    /// <summary>Depth-first preorder over nodes and leaves; children of an inner node are those before the first
    /// invalid key.</summary>
    internal IEnumerable<IextVisit> Preorder()
    {
        if (_root == NullIndex)
            yield break;
        var stack = new Stack<IextVisit>();
        stack.Push(new IextVisit(0, _height == 1, _root));
        while (stack.Count > 0)
        {
            var item = stack.Pop();
            yield return item;
            if (item.IsLeaf)
                continue;
            var n = NodeNrEntries(NodeAt(item.Index), 0);
            var childrenAreLeaves = _height - item.Depth == 2;
            for (var i = n - 1; i >= 0; i--)
                if (NodeAt(item.Index).Ptrs[i] is var child && child != NullIndex)
                    stack.Push(new IextVisit(item.Depth + 1, childrenAreLeaves, child));
        }
    }

    /// <summary>The valid keys of an inner node, up to the first invalid one.</summary>
    internal IEnumerable<ulong> NodeKeys(int node)
    {
        for (var i = 0; i < KeysPerNode; i++)
        {
            var key = NodeAt(node).Keys[i];
            if (key == KeyInvalid)
                yield break;
            yield return key;
        }
    }

    /// <summary>The non-empty records of a leaf, within the slots the fork can use (<c>max_recs</c>).</summary>
    internal IEnumerable<FuseIomap> LeafRecords(int leaf)
    {
        var max = MaxRecs;
        for (var i = 0; i < max; i++)
            if (!LeafAt(leaf).Recs[i].IsEmpty)
                yield return LeafAt(leaf).Recs[i].ToIomap();
    }
}
