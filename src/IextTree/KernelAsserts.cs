namespace IomapModel.IextTree;

/// <summary>One <c>ASSERT</c> that failed: where, and the condition's text.</summary>
public readonly record struct AssertHit(string Function, string Condition);

/// <summary>
/// A kernel <c>ASSERT</c> only warns (and compiles away without CONFIG_FUSE_IOMAP_DEBUG), so the model never throws on
/// one: it records the hit and carries on exactly as the C would. Tests and the CLI read the hits as diagnostics.
/// </summary>
public sealed class KernelAsserts
{
    private readonly List<AssertHit> _hits = [];

    public IReadOnlyList<AssertHit> Hits => _hits;

    /// <summary>Records a hit when <paramref name="condition"/> is false; returns the condition.</summary>
    public bool Check(bool condition, string function, string text)
    {
        if (!condition)
            _hits.Add(new AssertHit(function, text));
        return condition;
    }

    public void Clear() => _hits.Clear();
}
