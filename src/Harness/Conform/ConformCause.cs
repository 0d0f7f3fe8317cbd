namespace IomapModel.Harness.Conform;

/// <summary>What a difference between the live side and the model is attributed to: a <see cref="KnownDivergence"/>
/// (its id is the key), or a problem nobody has explained yet, keyed by what differs, on which file and where
/// relative to the operation (<see cref="UnknownCauseKey"/>), so that the same problem met again at later steps is the
/// same cause while different problems stay apart.</summary>
/// <param name="Path">For one that is not known: the file it is about, if any (shrinking tries that file's operations alone first).</param>
internal sealed record CauseId(string Key, KnownDivergence? Known, string? Path = null)
{
    public static CauseId Of(KnownDivergence known) => new(known.Id, known);

    public static CauseId Unknown(string key, string? path = null) => new(key, null, path);

    public override string ToString() => Known is null ? Key : $"known {Key}";
}

/// <summary>One distinct cause of difference met by a conform run: the steps where it showed (in order), whether it
/// showed in the checks after unmount, and, for a cause that is not known, what shrinking it gave.</summary>
public sealed class ConformCause
{
    private readonly List<int> _steps = [];

    internal ConformCause(int number, CauseId id) => (Number, Id) = (number, id);

    /// <summary>1 for the first cause the run met, 2 for the next, ...</summary>
    public int Number { get; }

    internal CauseId Id { get; }

    /// <summary>The known divergence's id, or the description of a problem that is not known.</summary>
    public string Key => Id.Key;

    public bool IsKnown => Id.Known is not null;

    /// <summary>Every step where it showed, ascending, each once.</summary>
    public IReadOnlyList<int> Steps => _steps;

    /// <summary>It showed after unmount: e2fsck, the bytes on disk, the block classes.</summary>
    public bool AfterUnmount { get; private set; }

    /// <summary>For a cause that is not known: the shrunk script, once shrinking ran.</summary>
    public ShrinkResult? Shrunk { get; internal set; }

    internal void Met(int? step)
    {
        if (step is not int n) AfterUnmount = true;
        else if (_steps.Count == 0 || _steps[^1] < n) _steps.Add(n);
        else if (!_steps.Contains(n)) { _steps.Add(n); _steps.Sort(); }
    }

    public override string ToString() => $"cause {Number} {(IsKnown ? "known " + Key : "NOT KNOWN: " + Key)}";
}

/// <summary>Every cause a run met, numbered in the order they first showed.</summary>
internal sealed class ConformCauses
{
    private readonly Dictionary<string, ConformCause> _byKey = new(StringComparer.Ordinal);
    private readonly List<ConformCause> _all = [];

    public IReadOnlyList<ConformCause> All => _all;

    public bool Has(string key) => _byKey.ContainsKey(key);

    /// <summary>Records that <paramref name="id"/> showed at <paramref name="step"/> (null: after unmount); the
    /// cause, and whether this was its first time.</summary>
    public (ConformCause Cause, bool First) Meet(CauseId id, int? step)
    {
        bool first = !_byKey.TryGetValue(id.Key, out var cause);
        if (cause is null)
        {
            cause = new ConformCause(_all.Count + 1, id);
            _byKey[id.Key] = cause;
            _all.Add(cause);
        }
        cause.Met(step);
        return (cause, first);
    }

    public ConformCause Meet(KnownDivergence known, int? step) => Meet(CauseId.Of(known), step).Cause;
}
