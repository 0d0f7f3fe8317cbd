namespace IomapModel.IextTree;

/// <summary>The shape and record invariants of the tree, as the kernel's code maintains them. There is no minimum
/// fill rule: the kernel only merges whole nodes and never redistributes.</summary>
public sealed partial class IextFork
{
    /// <summary>Every violated invariant, as text; empty when the fork is well formed.</summary>
    public IReadOnlyList<string> CheckInvariants()
    {
        var problems = new List<string>();
        if ((_height == 0) != (_root is null) || (_height == 0) != (_count == 0))
            problems.Add($"height {_height}, root {(_root is null ? "null" : "set")} and count {_count} disagree");
        if (_root is null)
            return problems;

        var leaves = new List<IextLeaf>();
        var records = new List<FuseIomap>();
        CheckSubtree(_root, _height, problems, leaves, records);

        if (records.Count != _count)
            problems.Add($"count {_count} but {records.Count} records present");

        for (var i = 0; i + 1 < records.Count; i++)
        {
            var (a, b) = (records[i], records[i + 1]);
            if ((Int128)a.Offset + a.Length > b.Offset)
                problems.Add($"records {a.ToShapeString()} and {b.ToShapeString()} are out of order or overlap");
        }

        if (_height > 1)
        {
            if (leaves[0].Prev is not null)
                problems.Add("first leaf has a prev link");
            if (leaves[^1].Next is not null)
                problems.Add("last leaf has a next link");
            for (var i = 0; i + 1 < leaves.Count; i++)
                if (leaves[i].Next != leaves[i + 1] || leaves[i + 1].Prev != leaves[i])
                    problems.Add($"leaf chain broken between in-order leaves {i} and {i + 1}");
        }
        return problems;
    }

    /// <summary>Checks one subtree at <paramref name="level"/> (1 = leaf) and returns the offset of its first record.</summary>
    private long? CheckSubtree(object item, int level, List<string> problems, List<IextLeaf> leaves, List<FuseIomap> records)
    {
        if (level == 1)
        {
            if (item is not IextLeaf leaf)
            {
                problems.Add("an inner node stands where a leaf belongs (leaves at different depths)");
                return null;
            }
            leaves.Add(leaf);
            var used = LeafNrEntries(leaf, 0);
            if (used == 0)
                problems.Add($"leaf {leaves.Count - 1} is empty");
            for (var i = used; i < RecsPerLeaf; i++)
                if (!IextLeaf.IsEmpty(leaf.Recs[i]))
                    problems.Add($"leaf {leaves.Count - 1} has a record in slot {i} after an empty slot");
            for (var i = 0; i < used; i++)
                records.Add(leaf.Recs[i]);
            return used > 0 ? leaf.Recs[0].Offset : null;
        }

        if (item is not IextNode node)
        {
            problems.Add("a leaf stands where an inner node belongs (leaves at different depths)");
            return null;
        }
        var n = NodeNrEntries(node, 0);
        if (n == 0)
            problems.Add("inner node has no entries");
        for (var i = 0; i < KeysPerNode; i++)
        {
            var valid = i < n;
            if (!valid && node.Keys[i] != KeyInvalid)
                problems.Add($"inner node key {node.Keys[i]} after an invalid key");
            if (valid != node.Ptrs[i] is not null)
                problems.Add($"inner node slot {i}: {(valid ? "valid key without child" : "child without valid key")}");
            if (valid && i > 0 && node.Keys[i] <= node.Keys[i - 1])
                problems.Add($"inner node keys {node.Keys[i - 1]} and {node.Keys[i]} not strictly ascending");
        }
        long? first = null;
        for (var i = 0; i < n; i++)
        {
            if (node.Ptrs[i] is not { } child)
                continue;
            var childFirst = CheckSubtree(child, level - 1, problems, leaves, records);
            if (childFirst is { } off && unchecked((ulong)off) != node.Keys[i])
                problems.Add($"inner key {node.Keys[i]} differs from the first offset {off} below it");
            if (i == 0)
                first = childFirst;
        }
        return first;
    }
}
