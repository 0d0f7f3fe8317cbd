using System.Globalization;

namespace IomapModel.Traces;

/// <summary>
/// One tokenised trace line: a verb, positional words and <c>key=value</c> words. The accessors parse a word or throw
/// a <see cref="TraceSyntaxException"/> that names what was expected, so every event parser reports errors alike.
/// Numbers are decimal or 0x-hex; signed fields also take a leading minus.
/// </summary>
internal sealed class TraceLine
{
    /// <summary>One word after the verb: where it stands in the line, and where its '=' is (-1: positional).</summary>
    private readonly record struct WordRange(int Start, int Length, int Eq);

    private readonly string _text;
    private readonly WordRange[] _words;
    private ulong _used;
    private bool[]? _usedBeyond64;

    /// <summary>Tokenises one significant line (comment stripped, trimmed): the verb, then words split on white space;
    /// a word with '=' after its first character is <c>key=value</c>. Words are kept as ranges of the line and turned
    /// into strings only when asked for, so a replay of millions of lines does not allocate a string per word.</summary>
    public TraceLine(string file, int number, string text)
    {
        File = file;
        Number = number;
        _text = text;
        var span = text.AsSpan();
        var i = 0;
        var verbEnd = NextWordEnd(span, ref i, out var verbStart);
        Verb = text[verbStart..verbEnd];
        Span<WordRange> first = stackalloc WordRange[32]; // a line longer than that goes on in a list
        List<WordRange>? more = null;
        var n = 0;
        while (true)
        {
            var end = NextWordEnd(span, ref i, out var start);
            if (end == start)
                break;
            var eq = span[start..end].IndexOf('=');
            var word = new WordRange(start, end - start, eq <= 0 ? -1 : eq);
            if (word.Eq > 0)
            {
                for (var k = 0; k < n; k++)
                {
                    var other = k < first.Length ? first[k] : more![k - first.Length];
                    if (other.Eq > 0 && Key(other).SequenceEqual(Key(word)))
                        throw new TraceSyntaxException(file, number, $"field '{Key(word)}' given twice");
                }
            }
            else
            {
                Count++;
            }
            if (n < first.Length)
                first[n] = word;
            else
                (more ??= []).Add(word);
            n++;
        }
        _words = [.. first[..Math.Min(n, first.Length)], .. more ?? []];
    }

    /// <summary>Skips white space from <paramref name="i"/>, then returns the end of the word that follows (its start
    /// in <paramref name="start"/>; end == start at the end of the line).</summary>
    private static int NextWordEnd(ReadOnlySpan<char> span, ref int i, out int start)
    {
        while (i < span.Length && char.IsWhiteSpace(span[i]))
            i++;
        start = i;
        while (i < span.Length && !char.IsWhiteSpace(span[i]))
            i++;
        return i;
    }

    private ReadOnlySpan<char> Text(WordRange w) => _text.AsSpan(w.Start, w.Length);

    private ReadOnlySpan<char> Key(WordRange w) => _text.AsSpan(w.Start, w.Eq);

    private ReadOnlySpan<char> Value(WordRange w) => _text.AsSpan(w.Start + w.Eq + 1, w.Length - w.Eq - 1);

    /// <summary>The <paramref name="n"/>th positional word.</summary>
    private ReadOnlySpan<char> Positional(int n)
    {
        foreach (var w in _words)
            if (w.Eq < 0 && n-- == 0)
                return Text(w);
        throw new ArgumentOutOfRangeException(nameof(n));
    }

    /// <summary>The index of the <c>key=</c> word, or -1; marks it used.</summary>
    private int Find(string key)
    {
        for (var i = 0; i < _words.Length; i++)
        {
            if (_words[i].Eq <= 0 || !Key(_words[i]).SequenceEqual(key))
                continue;
            MarkUsed(i);
            return i;
        }
        return -1;
    }

    private void MarkUsed(int i)
    {
        if (i < 64)
            _used |= 1UL << i;
        else
            (_usedBeyond64 ??= new bool[_words.Length])[i] = true;
    }

    private bool IsUsed(int i) => i < 64 ? (_used & (1UL << i)) != 0 : _usedBeyond64?[i] == true;

    /// <summary>The index of the first <c>key=value</c> word at or after <paramref name="from"/>, or -1.</summary>
    private int NextNamed(int from)
    {
        for (var i = from; i < _words.Length; i++)
            if (_words[i].Eq > 0)
                return i;
        return -1;
    }

    public string File { get; }
    public int Number { get; }
    public string Verb { get; }
    /// <summary>How many positional words follow the verb.</summary>
    public int Count { get; }

    /// <summary>Every word after the verb as written, <c>key=value</c> words included, in order (for lines that pass
    /// words through, like a mkfs command line).</summary>
    public IReadOnlyList<string> Words => [.. _words.Select(w => Text(w).ToString())];

    public TraceSyntaxException Error(string expected) => new(File, Number, expected);

    /// <summary>Requires exactly <paramref name="n"/> positional words; <paramref name="usage"/> shows the form.</summary>
    public void Expect(int n, string usage)
    {
        if (Count != n)
            throw Error($"expected '{usage}' ({n} argument{(n == 1 ? "" : "s")} after '{Verb}', got {Count})");
    }

    public string Word(int i) => Positional(i).ToString();

    public ulong Unsigned(int i, string what) => ParseUnsigned(Positional(i), what);

    public long Signed(int i, string what) => ParseSigned(Positional(i), what);

    /// <summary>A length that may be <c>eof</c> (FUSE_IOMAP_INVAL_TO_EOF).</summary>
    public ulong Length(int i, string what) =>
        Positional(i) is "eof" ? FuseIomapConstants.InvalToEof : ParseUnsigned(Positional(i), what + " or 'eof'");

    /// <summary><c>r</c> or <c>w</c>.</summary>
    public char Fork(int i) => Positional(i) is "r" or "w"
        ? Positional(i)[0]
        : throw Error($"expected fork 'r' or 'w', got '{Positional(i)}'");

    public FuseIomapType Type(int i) => ParseType(Positional(i));

    /// <summary>A named number; absent means <paramref name="fallback"/>.</summary>
    public ulong NamedUnsigned(string key, ulong fallback = 0) =>
        Find(key) is var i and >= 0 ? ParseUnsigned(Value(_words[i]), key) : fallback;

    /// <summary>A named length that may be <c>eof</c>.</summary>
    public ulong NamedLength(string key)
    {
        if (Find(key) is not (var i and >= 0))
            return 0;
        var v = Value(_words[i]);
        return v is "eof" ? FuseIomapConstants.InvalToEof : ParseUnsigned(v, key + " or 'eof'");
    }

    public bool HasName(string key)
    {
        foreach (var w in _words)
            if (w.Eq > 0 && Key(w).SequenceEqual(key))
                return true;
        return false;
    }

    /// <summary>A named word as written, or null when absent.</summary>
    public string? NamedWord(string key) => Find(key) is var i and >= 0 ? Value(_words[i]).ToString() : null;

    /// <summary>Every <c>key=value</c> word as written (for lines that pass options through, like a server's).</summary>
    public IReadOnlyDictionary<string, string> NamedWords
    {
        get
        {
            var named = new Dictionary<string, string>();
            for (var i = NextNamed(0); i >= 0; i = NextNamed(i + 1))
            {
                MarkUsed(i);
                named.Add(Key(_words[i]).ToString(), Value(_words[i]).ToString());
            }
            return named;
        }
    }

    public FuseIomapType NamedType(string key, FuseIomapType fallback) =>
        Find(key) is var i and >= 0 ? ParseType(Value(_words[i])) : fallback;

    /// <summary>Rejects <c>key=value</c> words no accessor asked for (a misspelt field must not pass silently).</summary>
    public void RejectUnusedNames(string known)
    {
        for (var i = NextNamed(0); i >= 0; i = NextNamed(i + 1))
            if (!IsUsed(i))
                throw Error($"unknown field '{Key(_words[i])}' for '{Verb}' (expected {known})");
    }

    public void ExpectNoNames()
    {
        if (NextNamed(0) is var i and >= 0)
            throw Error($"'{Verb}' takes no key=value fields, got '{Key(_words[i])}='");
    }

    private ulong ParseUnsigned(ReadOnlySpan<char> word, string what)
    {
        var ok = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(word[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            : ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        return ok ? v : throw Error($"expected {what} as a decimal or 0x-hex number, got '{word}'");
    }

    private long ParseSigned(ReadOnlySpan<char> word, string what)
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
        var word = Word(i);
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
    internal static readonly Dictionary<string, FuseIomapOp> OpNames = new(StringComparer.Ordinal)
    {
        ["write"] = FuseIomapOp.Write, ["zero"] = FuseIomapOp.Zero, ["report"] = FuseIomapOp.Report,
        ["fault"] = FuseIomapOp.Fault, ["direct"] = FuseIomapOp.Direct, ["nowait"] = FuseIomapOp.NoWait,
        ["overwrite_only"] = FuseIomapOp.OverwriteOnly, ["unshare"] = FuseIomapOp.Unshare,
        ["atomic"] = FuseIomapOp.Atomic, ["dontcache"] = FuseIomapOp.DontCache,
    };

    /// <summary>The mapping type words of iomap-trace v1 (also what <c>CacheTraceWriter</c> prints).</summary>
    internal static readonly Dictionary<string, FuseIomapType> TypeNames = new(StringComparer.Ordinal)
    {
        ["hole"] = FuseIomapType.Hole,
        ["delalloc"] = FuseIomapType.Delalloc,
        ["mapped"] = FuseIomapType.Mapped,
        ["unwritten"] = FuseIomapType.Unwritten,
        ["inline"] = FuseIomapType.Inline,
        ["pure_overwrite"] = FuseIomapType.PureOverwrite,
        ["null"] = FuseIomapType.Null,
    };

    private static readonly Dictionary<string, FuseIomapType>.AlternateLookup<ReadOnlySpan<char>> TypeNamesBySpan =
        TypeNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private FuseIomapType ParseType(ReadOnlySpan<char> word)
    {
        if (TypeNamesBySpan.TryGetValue(word, out var t))
            return t;
        var n = ParseUnsigned(word, "a mapping type (hole, delalloc, mapped, unwritten, inline, pure_overwrite, null or a number)");
        return n <= ushort.MaxValue ? (FuseIomapType)n : throw Error($"mapping type {n} does not fit in 16 bits");
    }
}
