using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IomapModel.Traces.Capture;

/// <summary>
/// One tracepoint's TP_printk: the format string exactly as the seed writes it and its arguments in order. The same
/// description both prints an event (as the kernel would) and reads one back, so the two cannot drift apart. Reading
/// matches the format's literal text exactly; each conversion takes the text up to the next literal (the last one,
/// up to the end of the line).
/// </summary>
public sealed partial class TraceEventFormat
{
    private readonly List<(string? Literal, TraceArg? Arg)> _segments = [];

    public TraceEventFormat(string name, int seedLine, string printk, params TraceArg[] args)
    {
        Name = name;
        SeedLine = seedLine;
        Printk = printk;
        Args = args;
        var at = 0;
        var argIndex = 0;
        foreach (Match m in Conversion().Matches(printk))
        {
            if (m.Index > at)
                _segments.Add((printk[at..m.Index], null));
            if (argIndex >= args.Length)
                throw new ArgumentException($"{name}: more conversions than arguments");
            _segments.Add((null, args[argIndex++]));
            at = m.Index + m.Length;
        }
        if (at < printk.Length)
            _segments.Add((printk[at..], null));
        if (argIndex != args.Length)
            throw new ArgumentException($"{name}: {args.Length} arguments for {argIndex} conversions");
    }

    /// <summary>The event's name as tracefs prints it, e.g. <c>fuse_iomap_cache_add</c>.</summary>
    public string Name { get; }

    /// <summary>Where the seed defines the format (its TP_printk line).</summary>
    public int SeedLine { get; }

    public string Printk { get; }
    public IReadOnlyList<TraceArg> Args { get; }

    [GeneratedRegex("%(llu|llx|lu|lx|zd|pS|u|d|x|s)")]
    private static partial Regex Conversion();

    /// <summary>Prints the event's fields as TP_printk would; <paramref name="texts"/> supplies the free-text ones.</summary>
    public string Format(IReadOnlyDictionary<string, ulong> values, IReadOnlyDictionary<string, string>? texts = null)
    {
        var sb = new StringBuilder();
        foreach (var (literal, arg) in _segments)
        {
            if (literal is not null)
            {
                sb.Append(literal);
                continue;
            }
            var v = arg!.Kind == TraceArgKind.Text ? 0 : values[arg.Name];
            sb.Append(arg.Kind switch
            {
                TraceArgKind.Decimal => v.ToString(CultureInfo.InvariantCulture),
                TraceArgKind.Hex => v.ToString("x", CultureInfo.InvariantCulture),
                TraceArgKind.Signed => unchecked((long)v).ToString(CultureInfo.InvariantCulture),
                TraceArgKind.Symbol => arg.Table!.FormatSymbol(v),
                TraceArgKind.Flags => arg.Table!.FormatFlags(v),
                _ => texts?.GetValueOrDefault(arg.Name) ?? "",
            });
        }
        return sb.ToString();
    }

    /// <summary>Reads the fields back from an event's text; free-text arguments are checked for presence only.
    /// <paramref name="error"/> builds the exception for what was expected.</summary>
    public Dictionary<string, ulong> Parse(string body, Func<string, Exception> error)
    {
        var values = new Dictionary<string, ulong>();
        var pos = 0;
        for (var i = 0; i < _segments.Count; i++)
        {
            var (literal, arg) = _segments[i];
            if (literal is not null)
            {
                if (string.CompareOrdinal(body, pos, literal, 0, literal.Length) != 0)
                    throw error($"expected '{literal.Trim()}' at column {pos + 1} of the {Name} fields ({Printk})");
                pos += literal.Length;
                continue;
            }
            var next = i + 1 < _segments.Count ? _segments[i + 1].Literal! : null;
            int end;
            if (next is null)
                end = body.Length;
            else if (i + 2 == _segments.Count)
                end = body.EndsWith(next, StringComparison.Ordinal) && body.Length - next.Length >= pos ? body.Length - next.Length : -1;
            else
                end = body.IndexOf(next, pos, StringComparison.Ordinal);
            if (end < 0)
                throw error($"expected '{next!.Trim()}' after {arg!.Name} in the {Name} fields ({Printk})");
            var word = body[pos..end];
            if (arg!.Kind != TraceArgKind.Text)
                values[arg.Name] = Convert(arg, word) ?? throw error($"expected {arg.Name} as {Describe(arg)}, got '{word}'");
            pos = end;
        }
        return values;
    }

    private static ulong? Convert(TraceArg arg, string word) => arg.Kind switch
    {
        TraceArgKind.Decimal => ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null,
        TraceArgKind.Hex => ulong.TryParse(word, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) && word.Length > 0 ? h : null,
        TraceArgKind.Signed => long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? unchecked((ulong)s) : null,
        TraceArgKind.Symbol => arg.Table!.ParseSymbol(word),
        _ => arg.Table!.ParseFlags(word),
    };

    private static string Describe(TraceArg arg) => arg.Kind switch
    {
        TraceArgKind.Decimal => "a decimal number",
        TraceArgKind.Hex => "hex digits",
        TraceArgKind.Signed => "a signed decimal number",
        TraceArgKind.Symbol => "one of " + arg.Table!.Describe(),
        _ => "names joined by '|' from " + arg.Table!.Describe(),
    };
}
