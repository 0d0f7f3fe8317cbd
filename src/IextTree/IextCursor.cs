namespace IomapModel.IextTree;

/// <summary>
/// A position in a fork, <c>struct fuse_iext_cursor</c>: a leaf and a slot in it. Cursors may be invalid on purpose,
/// exactly as in the kernel: <c>(null, 0)</c> for an empty tree or past the globally last record, <c>(leaf, n)</c> past
/// the end of a leaf, <c>(first leaf, -1)</c> after stepping back off the front. A cursor is a value: copy it to peek.
/// </summary>
public struct IextCursor
{
    internal IextLeaf? Leaf;
    internal int Pos;

    internal IextCursor(IextLeaf? leaf, int pos)
    {
        Leaf = leaf;
        Pos = pos;
    }

    /// <summary>Slot index inside the current leaf.</summary>
    public readonly int Position => Pos;

    /// <summary>True when the cursor points at no leaf at all.</summary>
    public readonly bool IsNull => Leaf is null;

    public override readonly string ToString() => Leaf is null ? $"(null,{Pos})" : $"(leaf#{Leaf.Id},{Pos})";
}
