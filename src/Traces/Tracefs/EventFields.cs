using System.Globalization;
using IomapModel.Traces.Import;

namespace IomapModel.Traces.Tracefs;

/// <summary>
/// The fields of one event's text: <c>key value</c> words (ext4, iomap, fuse: <c>dev 7,0 ino 12 pos 0</c>) and
/// <c>key=value</c> words (filemap, writeback: <c>ino=c ofs=0-4095</c>), looked up by key, the field order free. A field
/// that is missing or not a number of the expected base is a <see cref="TraceSyntaxException"/> for the line.
/// </summary>
internal sealed class EventFields(string file, KernelEvent e)
{
    private readonly string[] _words = e.Body.Split(' ');

    public KernelEvent Event { get; } = e;

    public TraceSyntaxException Error(string expected) => new(file, Event.Line, $"{Event.Name}: {expected}");

    /// <summary>The word after <paramref name="key"/> (<c>key value</c>) or after <c>key=</c>; null when absent.</summary>
    public string? Word(string key)
    {
        for (int i = 0; i < _words.Length; i++)
        {
            var w = _words[i];
            if (w == key) return i + 1 < _words.Length ? _words[i + 1] : "";
            if (w.Length > key.Length && w[key.Length] == '=' && w.StartsWith(key, StringComparison.Ordinal)) return w[(key.Length + 1)..];
        }
        return null;
    }

    public string Required(string key) => Word(key) ?? throw Error($"expected the field '{key}'");

    /// <summary>A decimal field (ext4's positions and inode numbers).</summary>
    public ulong Decimal(string key) => Parse(Required(key), key, hex: false);

    /// <summary>A hex field, with or without 0x (iomap's <c>0xc</c>, filemap's <c>c</c>).</summary>
    public ulong Hex(string key) => Parse(Required(key), key, hex: true);

    /// <summary>A signed decimal field below 2^63.</summary>
    public long DecimalLong(string key)
    {
        var v = Decimal(key);
        return v <= long.MaxValue ? (long)v : throw Error($"expected '{key}' below 2^63, got {v}");
    }

    public ulong Parse(string word, string key, bool hex)
    {
        var s = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : hex ? word : null;
        bool ok = s is not null
            ? ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v)
            : ulong.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out v);
        return ok ? v : throw Error($"expected '{key}' as a {(hex ? "hex" : "decimal")} number below 2^64, got '{word}'");
    }

    /// <summary>The device of an ext4 (<c>dev 7,0</c>), iomap/filemap (<c>dev 7:0</c>, <c>dev=7:0</c>) or writeback
    /// (<c>bdi 7:0:</c>) event.</summary>
    public DeviceNumber Device()
    {
        if (Event.Name.StartsWith("ext4_", StringComparison.Ordinal))
            return DeviceNumber.TryParse(Required("dev"), ',') ?? throw Error($"expected 'dev MAJ,MIN', got 'dev {Word("dev")}'");
        if (Event.Name.StartsWith("writeback_", StringComparison.Ordinal))
            return DeviceNumber.TryParse(Required("bdi").TrimEnd(':'), ':') ?? throw Error($"expected 'bdi MAJ:MIN:', got 'bdi {Word("bdi")}'");
        return DeviceNumber.TryParse(Required("dev"), ':') ?? throw Error($"expected 'dev MAJ:MIN', got 'dev {Word("dev")}'");
    }

    /// <summary>The inode number: decimal for ext4 and writeback, hex for iomap and filemap.</summary>
    public ulong Ino() => Event.Name.StartsWith("ext4_", StringComparison.Ordinal) || Event.Name.StartsWith("writeback_", StringComparison.Ordinal)
        ? Decimal("ino") : Hex("ino");

    /// <summary>The arguments of a system call's entry: <c>fd: 3, count: 0x1000</c> (trace) or <c>fd: 0x00000003, ...</c>
    /// (trace-cmd report), each a number.</summary>
    public static Dictionary<string, ulong> SyscallArgs(string file, KernelEvent e)
    {
        var args = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (e.Body.Trim().Length == 0) return args;
        foreach (var part in e.Body.Split(','))
        {
            int colon = part.IndexOf(':');
            if (colon <= 0) throw new TraceSyntaxException(file, e.Line, $"sys_{e.Name}: expected 'ARG: VALUE' arguments separated by ', ', got '{part.Trim()}'");
            var key = part[..colon].Trim();
            var value = part[(colon + 1)..].Trim();
            args[key] = ParseNumber(value) ?? throw new TraceSyntaxException(file, e.Line, $"sys_{e.Name}: expected '{key}' as a decimal or 0x-hex number below 2^64, got '{value}'");
        }
        return args;
    }

    /// <summary>A system call's return value (64-bit two's complement).</summary>
    public static long SyscallReturn(string file, KernelEvent e) =>
        ParseNumber(e.Body) is ulong v ? unchecked((long)v)
            : e.Body.StartsWith('-') && ParseNumber(e.Body[1..]) is ulong m && m <= 1UL << 63 ? unchecked(-(long)m)
            : throw new TraceSyntaxException(file, e.Line, $"sys_{e.Name}: expected the return value as a 0x-hex or decimal number, got '{e.Body}'");

    private static ulong? ParseNumber(string value) =>
        value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null
            : ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
}
