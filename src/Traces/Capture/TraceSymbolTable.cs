using System.Globalization;

namespace IomapModel.Traces.Capture;

/// <summary>
/// A <c>__print_symbolic</c> or <c>__print_flags</c> table from the seed's fuse_trace.h, with the kernel's printing
/// (trace_print_symbols_seq / trace_print_flags_seq) and its inverse. A symbolic value without a name prints as
/// <c>0x%lx</c>; flags print each named mask fully set, in table order, joined by <c>|</c>, then any leftover bits
/// as <c>0x%lx</c>; no flags print as nothing.
/// </summary>
public sealed class TraceSymbolTable(string name, params (ulong Value, string Name)[] entries)
{
    /// <summary>The macro's name, e.g. <c>FUSE_IOMAP_TYPE_STRINGS</c>.</summary>
    public string Name { get; } = name;

    public IReadOnlyList<(ulong Value, string Name)> Entries { get; } = entries;

    /// <summary><c>__print_symbolic</c>.</summary>
    public string FormatSymbol(ulong value)
    {
        foreach (var (v, n) in Entries)
            if (v == value)
                return n;
        return $"0x{value:x}";
    }

    /// <summary><c>__print_flags(value, "|", table)</c>.</summary>
    public string FormatFlags(ulong value)
    {
        var parts = new List<string>();
        foreach (var (mask, n) in Entries)
        {
            if (value == 0)
                break;
            if ((value & mask) != mask)
                continue;
            parts.Add(n);
            value &= ~mask;
        }
        if (value != 0)
            parts.Add($"0x{value:x}");
        return string.Join('|', parts);
    }

    /// <summary>The value a <c>__print_symbolic</c> word stands for, or null when it is neither a name of this table
    /// nor <c>0x</c>-hex.</summary>
    public ulong? ParseSymbol(string word)
    {
        foreach (var (v, n) in Entries)
            if (n == word)
                return v;
        return ParseHex(word);
    }

    /// <summary>The value a <c>__print_flags</c> text stands for (empty is 0), or null when a part is unknown.</summary>
    public ulong? ParseFlags(string text)
    {
        ulong value = 0;
        if (text.Length == 0)
            return 0;
        foreach (var part in text.Split('|'))
        {
            var bits = Entries.Where(e => e.Name == part).Select(e => (ulong?)e.Value).FirstOrDefault() ?? ParseHex(part);
            if (bits is null)
                return null;
            value |= bits.Value;
        }
        return value;
    }

    /// <summary>What a word of this table may be, for error messages.</summary>
    public string Describe() => $"{string.Join(", ", Entries.Select(e => e.Name))} or 0x-hex ({Name})";

    private static ulong? ParseHex(string word) =>
        word.StartsWith("0x", StringComparison.Ordinal)
        && ulong.TryParse(word.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            ? v : null;
}
