namespace IomapModel.IextTree;

/// <summary>Structural walks for the shape dump and the invariant checker (no kernel counterpart besides
/// <c>fuse_iext_destroy_node</c>'s recursion).</summary>
public sealed partial class IextFork
{
    /// <summary>Depth-first preorder over nodes and leaves; children of an inner node are those before the first
    /// invalid key.</summary>
    internal void VisitPreorder(Action<int, object> visit)
    {
        if (_root is null)
            return;
        var stack = new Stack<(object Item, int Depth)>();
        stack.Push((_root, 0));
        while (stack.Count > 0)
        {
            var (item, depth) = stack.Pop();
            visit(depth, item);
            if (item is IextNode node)
            {
                var n = NodeNrEntries(node, 0);
                for (var i = n - 1; i >= 0; i--)
                    if (node.Ptrs[i] is { } child)
                        stack.Push((child, depth + 1));
            }
        }
    }

    /// <summary>The non-empty records of a leaf, within the slots the fork can use (<c>max_recs</c>).</summary>
    internal IEnumerable<FuseIomap> LeafRecords(IextLeaf leaf)
    {
        var max = MaxRecs;
        for (var i = 0; i < max; i++)
            if (!IextLeaf.IsEmpty(leaf.Recs[i]))
                yield return leaf.Recs[i];
    }
}
