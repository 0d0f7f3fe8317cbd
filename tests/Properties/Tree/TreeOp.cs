namespace IomapModel.Properties.Tree;

/// <summary>What one step of a generated tree workload does. Parameters are interpreted modulo the current state, so any
/// shrunk sequence stays meaningful.</summary>
public enum TreeOpKind
{
    Insert,
    Remove,
    Update,
    Lookup,
    LookupBefore,
    Walk,
    InsertMany,
    RemoveMany,
    Destroy,
}

/// <summary>One generated step: <see cref="A"/> picks a slot or record, <see cref="B"/> a variant or a count.</summary>
public readonly record struct TreeOp(TreeOpKind Kind, int A, int B)
{
    public override string ToString() => $"{Kind}({A},{B})";
}
