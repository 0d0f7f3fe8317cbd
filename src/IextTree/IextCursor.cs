namespace IomapModel.IextTree;

/// <summary>
/// A position in a fork, <c>struct fuse_iext_cursor</c>: a leaf and a slot in it. Cursors may be invalid on purpose,
/// exactly as in the kernel: <c>(NULL, 0)</c> for an empty tree or past the globally last record, <c>(leaf, n)</c> past
/// the end of a leaf, <c>(first leaf, -1)</c> after stepping back off the front. A cursor is a value: copy it to peek.
/// </summary>
public struct IextCursor
{
    /// <summary>The leaf's index in its fork's pool; 0 is NULL, so <c>default</c> is the NULL cursor.</summary>
    internal int Leaf;
    internal int Pos;

    /// <summary>Slot index inside the current leaf.</summary>
    public readonly int Position => Pos;

    /// <summary>True when the cursor points at no leaf at all.</summary>
    public readonly bool IsNull => Leaf == 0;

    public override readonly string ToString() => Leaf == 0 ? $"(null,{Pos})" : $"(leaf#{Leaf},{Pos})";
}
