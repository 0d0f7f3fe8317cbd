using System.Text.RegularExpressions;

namespace IomapModel.Support;

/// <summary>
/// Parses <c>filefrag -v FILE</c> (e2fsprogs 1.47), the kernel's FIEMAP answer for a file on a mounted filesystem:
/// <code>
/// Filesystem type is: ef53
/// File size of m/f is 2097152 (2048 blocks of 1024 bytes)
///  ext:     logical_offset:        physical_offset: length:   expected: flags:
///    0:       20..      31:       8597..      8608:     12:             
///    1:      100..     163:       8513..      8576:     64:       8677: unwritten
/// m/f: 2 extents found
/// </code>
/// The expected column and the flags are optional. An extent line of any other form is a parse error naming the line.
/// </summary>
public static partial class FilefragParser
{
    [GeneratedRegex(@"^\s*\d+:\s*(\d+)\.\.\s*(\d+):\s*(\d+)\.\.\s*(\d+):\s*(\d+):\s*(?:\d+:)?\s*([\w,]*)\s*$")]
    private static partial Regex ExtentLine();

    [GeneratedRegex(@"^File size of .* is (\d+) \((\d+) blocks? of (\d+) bytes\)$")]
    private static partial Regex SizeLine();

    [GeneratedRegex(@"^\s*\d+:")]
    private static partial Regex Numbered();

    /// <summary>Splits the output of <c>filefrag -v F1 F2 ...</c> at its "File size of" lines; keyed by the path as
    /// given to filefrag.</summary>
    public static IReadOnlyDictionary<string, FiemapReport> ParseMany(string text, string source)
    {
        var result = new Dictionary<string, FiemapReport>();
        string? path = null;
        var section = new System.Text.StringBuilder();
        foreach (var line in text.Split('\n').Append("File size of \0 is 0 (0 blocks of 0 bytes)"))
        {
            if (FileLine().Match(line) is { Success: true } f)
            {
                if (path is not null) result[path] = Parse(section.ToString(), $"{source} ({path})");
                path = f.Groups[1].Value;
                section.Clear();
            }
            section.AppendLine(line);
        }
        return result;
    }

    [GeneratedRegex(@"^File size of (.*) is \d+ \(")]
    private static partial Regex FileLine();

    public static FiemapReport Parse(string text, string source)
    {
        long size = -1, bs = -1;
        var extents = new List<FiemapExtent>();
        int n = 0;
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (SizeLine().Match(line) is { Success: true } s)
            {
                size = long.Parse(s.Groups[1].Value);
                bs = long.Parse(s.Groups[3].Value);
            }
            else if (Numbered().IsMatch(line))
            {
                var m = ExtentLine().Match(line);
                if (!m.Success) throw new FormatException($"{source}, line {n}: expected 'N: L1.. L2: P1.. P2: LEN: [EXPECTED:] [flags]', found '{line}'");
                long l1 = long.Parse(m.Groups[1].Value), l2 = long.Parse(m.Groups[2].Value);
                long p1 = long.Parse(m.Groups[3].Value), p2 = long.Parse(m.Groups[4].Value), len = long.Parse(m.Groups[5].Value);
                if (l2 - l1 + 1 != len || p2 - p1 + 1 != len)
                    throw new FormatException($"{source}, line {n}: ranges {l1}..{l2} and {p1}..{p2} do not both span {len}");
                var flags = m.Groups[6].Value.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                extents.Add(new FiemapExtent(l1, p1, len, flags));
            }
        }
        if (size < 0) throw new FormatException($"{source}: no 'File size of ... is N (B blocks of S bytes)' line");
        return new FiemapReport(size, bs, extents);
    }
}
