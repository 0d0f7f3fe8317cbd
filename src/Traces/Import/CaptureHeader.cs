using System.Globalization;
using IomapModel.Traces.Conform;

namespace IomapModel.Traces.Import;

/// <summary>One <c># file: ino N size S blocks B path P</c> line: a regular file as it was when the capture ended
/// (<paramref name="Blocks"/> in 512-byte units, as <c>stat</c> counts them).</summary>
public sealed record HeaderFile(ulong Ino, long Size, long Blocks, string Path)
{
    public override string ToString() => $"ino {Ino} size {Size} blocks {Blocks} path {Path}";
}

/// <summary>
/// The <c># iomapmodel-capture v1</c> block at the top of a capture or an fsx log (docs/workloads.md): <c># key:
/// value</c> lines, one each, unknown keys kept, order free, <c>file</c> repeated; the block ends at the first line
/// that is not <c># key: value</c> or at tracefs's own <c># tracer:</c> preamble. A value the replay needs (device,
/// block size, image) that cannot be read is a note, not an error: the file's events still say what happened.
/// </summary>
public sealed class CaptureHeader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static CaptureHeader Empty { get; } = new();

    /// <summary>Whether the file had the header at all.</summary>
    public bool Present { get; private init; }

    /// <summary>The number of the last header line (0 without a header).</summary>
    public int LastLine { get; private init; }

    public IReadOnlyList<HeaderFile> Files { get; private init; } = [];

    /// <summary>What could not be read (each a sentence for the import report).</summary>
    public IReadOnlyList<string> Problems { get; private init; } = [];

    public string? this[string key] => _values.GetValueOrDefault(key);

    public string? Kernel => this["kernel"];
    public string? Mount => this["mount"];
    public string? Command => this["command"];

    /// <summary>Whether the capture came from a fuse2fs mount (<c># mount: fuse2fs ...</c>).</summary>
    public bool FromFuse2fs => Mount?.StartsWith("fuse2fs", StringComparison.Ordinal) == true;

    /// <summary><c># device: MAJ:MIN</c>.</summary>
    public DeviceNumber? Device { get; private init; }

    /// <summary><c># blocksize: N</c>.</summary>
    public uint? BlockSize { get; private init; }

    /// <summary><c># image: [E2FSPROGS_FAKE_TIME=N] mkfs.ext4 OPTIONS... IMG SIZE</c> as a recipe.</summary>
    public MkfsSpec? Mkfs { get; private init; }

    /// <summary>Reads the header from the top of <paramref name="lines"/> (numbered from 1); an empty header when the first
    /// line that is not blank is not <c># iomapmodel-capture v1</c>.</summary>
    public static CaptureHeader Read(IEnumerable<(int Number, string Text)> lines)
    {
        var header = new CaptureHeader();
        var files = new List<HeaderFile>();
        var problems = new List<string>();
        int last = 0;
        bool started = false;
        foreach (var (number, raw) in lines)
        {
            var text = raw.Trim();
            if (!started)
            {
                if (text.Length == 0) continue;
                if (text != "# " + TraceReader.WorkloadCaptureHeader) return Empty;
                started = true;
                last = number;
                continue;
            }
            if (!text.StartsWith("# ", StringComparison.Ordinal) || text.StartsWith("# tracer:", StringComparison.Ordinal)) break;
            int colon = text.IndexOf(": ", 2, StringComparison.Ordinal);
            if (colon < 0 || text[2..colon].Contains(' ')) break;
            last = number;
            var key = text[2..colon];
            var value = text[(colon + 2)..].Trim();
            if (key == "file")
            {
                if (ParseFile(value) is { } f) files.Add(f);
                else problems.Add($"line {number}: expected '# file: ino N size S blocks B path P', got '# file: {value}'");
                continue;
            }
            header._values.TryAdd(key, value);
        }
        if (!started) return Empty;
        DeviceNumber? device = null;
        if (header["device"] is { } d)
        {
            device = DeviceNumber.TryParse(d.Split(' ')[0], ':');
            if (device is null) problems.Add($"'# device: {d}': expected MAJ:MIN");
        }
        uint? blockSize = null;
        if (header["blocksize"] is { } b)
        {
            if (uint.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var bs) && bs is >= 512 and <= 65536 && (bs & (bs - 1)) == 0) blockSize = bs;
            else problems.Add($"'# blocksize: {b}': expected a power of two from 512 to 65536");
        }
        MkfsSpec? mkfs = null;
        if (header["image"] is { } image)
        {
            mkfs = ParseImage(image, out var why);
            if (why is not null) problems.Add($"'# image: {image}': {why}");
        }
        return new CaptureHeader
        {
            Present = true, LastLine = last, Files = files, Problems = problems, Device = device, BlockSize = blockSize, Mkfs = mkfs,
        }.With(header._values);
    }

    private CaptureHeader With(Dictionary<string, string> values)
    {
        foreach (var (k, v) in values) _values[k] = v;
        return this;
    }

    private static HeaderFile? ParseFile(string value)
    {
        var w = value.Split(' ', 8, StringSplitOptions.None);
        if (w.Length < 8 || w[0] != "ino" || w[2] != "size" || w[4] != "blocks" || w[6] != "path") return null;
        if (!ulong.TryParse(w[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ino)) return null;
        if (!long.TryParse(w[3], NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return null;
        if (!long.TryParse(w[5], NumberStyles.None, CultureInfo.InvariantCulture, out var blocks)) return null;
        return w[7].Length == 0 ? null : new HeaderFile(ino, size, blocks, w[7]);
    }

    /// <summary>The header block: <c># iomapmodel-capture v1</c>, one <c># key: value</c> line per entry (values on one
    /// line), then the <c># file:</c> lines.</summary>
    public static IEnumerable<string> Format(IEnumerable<(string Key, string Value)> entries, IEnumerable<HeaderFile> files)
    {
        yield return "# " + TraceReader.WorkloadCaptureHeader;
        foreach (var (key, value) in entries) yield return $"# {key}: {value.ReplaceLineEndings(" ")}";
        foreach (var f in files) yield return $"# file: {f}";
    }

    /// <summary>The <c># image:</c> value that <see cref="ParseImage"/> reads back as <paramref name="mkfs"/>.</summary>
    public static string ImageLine(MkfsSpec mkfs)
    {
        var size = mkfs.SizeBytes % (1 << 20) == 0 ? $"{mkfs.SizeBytes >> 20}M" : $"{mkfs.SizeBytes >> 10}k";
        return $"E2FSPROGS_FAKE_TIME=1700000000 {mkfs.Tool} {mkfs.OptionText} IMG {size}";
    }

    /// <summary>The recipe of an <c># image:</c> line: the mkfs tool, its options up to the <c>IMG</c> placeholder, and
    /// the size after it (with a k, M, G or T suffix). Images are always made at E2FSPROGS_FAKE_TIME=1700000000.</summary>
    internal static MkfsSpec? ParseImage(string text, out string? why)
    {
        why = null;
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 0 && words[0].Contains('=') && !words[0].StartsWith('-'))
        {
            if (words[0] != "E2FSPROGS_FAKE_TIME=1700000000")
            {
                why = $"only E2FSPROGS_FAKE_TIME=1700000000 may come before the tool, got '{words[0]}'";
                return null;
            }
            words.RemoveAt(0);
        }
        if (words.Count < 3 || !MkfsSpec.Tools.Contains(words[0]))
        {
            why = "expected 'mkfs.ext2|mkfs.ext3|mkfs.ext4 OPTIONS... IMG SIZE'";
            return null;
        }
        int img = words.IndexOf("IMG");
        if (img < 0 || img != words.Count - 2)
        {
            why = "expected the IMG placeholder followed by the size as the last two words";
            return null;
        }
        var size = ParseSize(words[^1]);
        if (size is null || size < MkfsSpec.MinSize)
        {
            why = $"expected a size of at least 1M with a k, M, G or T suffix, got '{words[^1]}'";
            return null;
        }
        return new MkfsSpec(words[0], words[1..img], size.Value);
    }

    private static long? ParseSize(string word)
    {
        if (word.Length < 2) return null;
        int shift = char.ToUpperInvariant(word[^1]) switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => -1 };
        if (shift < 0 || !long.TryParse(word[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > (1L << (62 - shift))) return null;
        return n << shift;
    }
}

/// <summary>A device number as user space writes it (<c>7:0</c>; ext4's events <c>7,0</c>) and the kernel's
/// <c>dev_t</c> the events' raw fields and the fuse connection number hold (<c>MAJ &lt;&lt; 20 | MIN</c>).</summary>
public readonly record struct DeviceNumber(uint Major, uint Minor)
{
    public ulong KernelDevT => ((ulong)Major << 20) | Minor;

    public static DeviceNumber? TryParse(string text, char separator)
    {
        int i = text.IndexOf(separator);
        if (i <= 0) return null;
        return uint.TryParse(text.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major < 4096
            && uint.TryParse(text.AsSpan(i + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor) && minor < (1u << 20)
            ? new DeviceNumber(major, minor) : null;
    }

    public override string ToString() => $"{Major}:{Minor}";
}
