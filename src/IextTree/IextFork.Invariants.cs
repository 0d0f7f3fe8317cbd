namespace IomapModel.IextTree;

/// <summary>The shape and record invariants of the tree, as the kernel's code maintains them. There is no minimum
/// fill rule: the kernel only merges whole nodes and never redistributes.</summary>
public sealed partial class IextFork
{
    /// <summary>Every violated invariant, as text; empty when the fork is well formed.</summary>
    public IReadOnlyList<string> CheckInvariants()
    {
        var problems = new List<string>();
        if ((_height == 0) != (_root == NullIndex) || (_height == 0) != (_count == 0))
            problems.Add($"height {_height}, root {(_root == NullIndex ? "null" : "set")} and count {_count} disagree");
        if (_root == NullIndex)
            return problems;

        var leaves = new List<int>();
        var records = new List<FuseIomap>();
        var seen = new HashSet<(bool Leaf, int Index)>();
        for (var i = 0; i < _freeLeafCount; i++)
            seen.Add((true, _freeLeaves[i]));
        for (var i = 0; i < _freeNodeCount; i++)
            seen.Add((false, _freeNodes[i]));
        var freed = seen.Count;
        CheckSubtree(_root, _height, problems, leaves, records, seen);
        if (!_keepFreedNodes && seen.Count - freed != _leavesIssued + _nodesIssued - _freeLeafCount - _freeNodeCount)
            problems.Add($"{_leavesIssued + _nodesIssued - _freeLeafCount - _freeNodeCount - (seen.Count - freed)} pool nodes are neither in the tree nor free");

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
            if (LeafAt(leaves[0]).Prev != NullIndex)
                problems.Add("first leaf has a prev link");
            if (LeafAt(leaves[^1]).Next != NullIndex)
                problems.Add("last leaf has a next link");
            for (var i = 0; i + 1 < leaves.Count; i++)
                if (LeafAt(leaves[i]).Next != leaves[i + 1] || LeafAt(leaves[i + 1]).Prev != leaves[i])
                    problems.Add($"leaf chain broken between in-order leaves {i} and {i + 1}");
        }
        return problems;
    }

    /// <summary>Checks one subtree at <paramref name="level"/> (1 = leaf) and returns the offset of its first record.
    /// An index must name a node the pool handed out and did not take back, and only one parent may point at it.</summary>
    private long? CheckSubtree(int index, int level, List<string> problems, List<int> leaves, List<FuseIomap> records,
        HashSet<(bool, int)> seen)
    {
        var isLeaf = level == 1;
        if (index < 1 || index > (isLeaf ? _leavesIssued : _nodesIssued) || !seen.Add((isLeaf, index)))
        {
            problems.Add($"{(isLeaf ? "leaf" : "node")} index {index} is out of the pool, freed, or reached twice");
            return null;
        }

        if (isLeaf)
        {
            leaves.Add(index);
            ref var leaf = ref LeafAt(index);
            var used = LeafNrEntries(index, 0);
            if (used == 0)
                problems.Add($"leaf {leaves.Count - 1} is empty");
            for (var i = used; i < RecsPerLeaf; i++)
                if (!leaf.Recs[i].IsEmpty)
                    problems.Add($"leaf {leaves.Count - 1} has a record in slot {i} after an empty slot");
            for (var i = 0; i < used; i++)
                records.Add(leaf.Recs[i].ToIomap());
            return used > 0 ? leaf.Recs[0].Offset : null;
        }

        var n = NodeNrEntries(NodeAt(index), 0);
        if (n == 0)
            problems.Add("inner node has no entries");
        for (var i = 0; i < KeysPerNode; i++)
        {
            ref var node = ref NodeAt(index);
            var valid = i < n;
            if (!valid && node.Keys[i] != KeyInvalid)
                problems.Add($"inner node key {node.Keys[i]} after an invalid key");
            if (valid != (node.Ptrs[i] != NullIndex))
                problems.Add($"inner node slot {i}: {(valid ? "valid key without child" : "child without valid key")}");
            if (valid && i > 0 && node.Keys[i] <= node.Keys[i - 1])
                problems.Add($"inner node keys {node.Keys[i - 1]} and {node.Keys[i]} not strictly ascending");
        }
        long? first = null;
        for (var i = 0; i < n; i++)
        {
            var child = NodeAt(index).Ptrs[i];
            if (child == NullIndex)
                continue;
            var childFirst = CheckSubtree(child, level - 1, problems, leaves, records, seen);
            var key = NodeAt(index).Keys[i];
            if (childFirst is { } off && unchecked((ulong)off) != key)
                problems.Add($"inner key {key} differs from the first offset {off} below it");
            if (i == 0)
                first = childFirst;
        }
        return first;
    }
}
