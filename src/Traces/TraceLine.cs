using System.Globalization;

namespace IomapModel.Traces;

/// <summary>
/// One tokenised trace line: a verb, positional words and <c>key=value</c> words. The accessors parse a word or throw
/// a <see cref="TraceSyntaxException"/> that names what was expected, so every event parser reports errors alike.
/// Numbers are decimal or 0x-hex; signed fields also take a leading minus.
/// </summary>
internal sealed class TraceLine
{
    private static readonly Dictionary<string, string> NoNames = [];
    private readonly string[] _positional;
    private readonly Dictionary<string, string> _named;
    private HashSet<string>? _used;

    /// <param name="named">The <c>key=value</c> words; null when there are none.</param>
    public TraceLine(string file, int number, string verb, string[] positional, Dictionary<string, string>? named)
    {
        File = file;
        Number = number;
        Verb = verb;
        _positional = positional;
        _named = named ?? NoNames;
    }

    private void Use(string key) => (_used ??= []).Add(key);

    public string File { get; }
    public int Number { get; }
    public string Verb { get; }
    public int Count => _positional.Length;

    /// <summary>Every word after the verb as written, <c>key=value</c> words included, in order (for lines that pass
    /// words through, like a mkfs command line).</summary>
    public IReadOnlyList<string> Words { get; init; } = [];

    public TraceSyntaxException Error(string expected) => new(File, Number, expected);

    /// <summary>Requires exactly <paramref name="n"/> positional words; <paramref name="usage"/> shows the form.</summary>
    public void Expect(int n, string usage)
    {
        if (_positional.Length != n)
            throw Error($"expected '{usage}' ({n} argument{(n == 1 ? "" : "s")} after '{Verb}', got {_positional.Length})");
    }

    public string Word(int i) => _positional[i];

    public ulong Unsigned(int i, string what) => ParseUnsigned(_positional[i], what);

    public long Signed(int i, string what) => ParseSigned(_positional[i], what);

    /// <summary>A length that may be <c>eof</c> (FUSE_IOMAP_INVAL_TO_EOF).</summary>
    public ulong Length(int i, string what) =>
        _positional[i] == "eof" ? FuseIomapConstants.InvalToEof : ParseUnsigned(_positional[i], what + " or 'eof'");

    /// <summary><c>r</c> or <c>w</c>.</summary>
    public char Fork(int i) => _positional[i] is "r" or "w"
        ? _positional[i][0]
        : throw Error($"expected fork 'r' or 'w', got '{_positional[i]}'");

    public FuseIomapType Type(int i) => ParseType(_positional[i]);

    /// <summary>A named number; absent means <paramref name="fallback"/>.</summary>
    public ulong NamedUnsigned(string key, ulong fallback = 0)
    {
        Use(key);
        return _named.TryGetValue(key, out var v) ? ParseUnsigned(v, key) : fallback;
    }

    /// <summary>A named length that may be <c>eof</c>.</summary>
    public ulong NamedLength(string key)
    {
        Use(key);
        if (!_named.TryGetValue(key, out var v))
            return 0;
        return v == "eof" ? FuseIomapConstants.InvalToEof : ParseUnsigned(v, key + " or 'eof'");
    }

    public bool HasName(string key) => _named.ContainsKey(key);

    /// <summary>A named word as written, or null when absent.</summary>
    public string? NamedWord(string key)
    {
        Use(key);
        return _named.GetValueOrDefault(key);
    }

    /// <summary>Every <c>key=value</c> word as written (for lines that pass options through, like a server's).</summary>
    public IReadOnlyDictionary<string, string> NamedWords
    {
        get
        {
            (_used ??= []).UnionWith(_named.Keys);
            return _named;
        }
    }

    public FuseIomapType NamedType(string key, FuseIomapType fallback)
    {
        Use(key);
        return _named.TryGetValue(key, out var v) ? ParseType(v) : fallback;
    }

    /// <summary>Rejects <c>key=value</c> words no accessor asked for (a misspelt field must not pass silently).</summary>
    public void RejectUnusedNames(string known)
    {
        foreach (var key in _named.Keys)
            if (_used is null || !_used.Contains(key))
                throw Error($"unknown field '{key}' for '{Verb}' (expected {known})");
    }

    public void ExpectNoNames()
    {
        if (_named.Count > 0)
            throw Error($"'{Verb}' takes no key=value fields, got '{_named.Keys.First()}='");
    }

    private ulong ParseUnsigned(string word, string what)
    {
        var ok = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            : ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        return ok ? v : throw Error($"expected {what} as a decimal or 0x-hex number, got '{word}'");
    }

    private long ParseSigned(string word, string what)
    {
        if (word.StartsWith('-'))
        {
            var magnitude = ParseUnsigned(word[1..], what);
            return magnitude <= 1UL << 63 ? unchecked(-(long)magnitude) : throw Error($"{what} '{word}' is below -2^63");
        }
        return unchecked((long)ParseUnsigned(word, what));
    }

    /// <summary>iomap op flags as names joined by '|' (write, zero, report, fault, direct, nowait, overwrite_only,
    /// unshare, atomic, dontcache), <c>read</c> for none, or a number.</summary>
    public FuseIomapOp OpFlags(int i)
    {
        var word = _positional[i];
        if (word == "read")
            return FuseIomapOp.None;
        if (char.IsDigit(word[0]))
            return (FuseIomapOp)ParseUnsigned(word, "iomap op flags");
        var ops = FuseIomapOp.None;
        foreach (var name in word.Split('|'))
            ops |= OpNames.TryGetValue(name, out var op) ? op
                : throw Error($"expected iomap op names (write, zero, report, fault, direct, nowait, overwrite_only, unshare, atomic, dontcache) joined by '|', got '{name}'");
        return ops;
    }

    /// <summary>The op flag words of iomap-trace v1 (also what <c>CacheTraceWriter</c> prints).</summary>
    internal static readonly Dictionary<string, FuseIomapOp> OpNames = new()
    {
        ["write"] = FuseIomapOp.Write, ["zero"] = FuseIomapOp.Zero, ["report"] = FuseIomapOp.Report,
        ["fault"] = FuseIomapOp.Fault, ["direct"] = FuseIomapOp.Direct, ["nowait"] = FuseIomapOp.NoWait,
        ["overwrite_only"] = FuseIomapOp.OverwriteOnly, ["unshare"] = FuseIomapOp.Unshare,
        ["atomic"] = FuseIomapOp.Atomic, ["dontcache"] = FuseIomapOp.DontCache,
    };

    /// <summary>The mapping type words of iomap-trace v1 (also what <c>CacheTraceWriter</c> prints).</summary>
    internal static readonly Dictionary<string, FuseIomapType> TypeNames = new()
    {
        ["hole"] = FuseIomapType.Hole,
        ["delalloc"] = FuseIomapType.Delalloc,
        ["mapped"] = FuseIomapType.Mapped,
        ["unwritten"] = FuseIomapType.Unwritten,
        ["inline"] = FuseIomapType.Inline,
        ["pure_overwrite"] = FuseIomapType.PureOverwrite,
        ["null"] = FuseIomapType.Null,
    };

    private FuseIomapType ParseType(string word)
    {
        if (TypeNames.TryGetValue(word, out var t))
            return t;
        var n = ParseUnsigned(word, "a mapping type (hole, delalloc, mapped, unwritten, inline, pure_overwrite, null or a number)");
        return n <= ushort.MaxValue ? (FuseIomapType)n : throw Error($"mapping type {n} does not fit in 16 bits");
    }
}
