using System.Text.RegularExpressions;
using IomapModel.Ext4;

namespace IomapModel.Support;

/// <summary>
/// Parses the block list of <c>debugfs -R "stat PATH"</c> (e2fsprogs 1.47): the line after <c>BLOCKS:</c> or
/// <c>EXTENTS:</c>, a comma-separated list of <c>(L):P</c>, <c>(L1-L2):P1-P2</c>, <c>(L1-L2[u]):P1-P2</c> (unwritten),
/// and metadata entries <c>(IND):P</c>, <c>(DIND):P</c>, <c>(TIND):P</c>, <c>(ETBn):P</c>. Stops at <c>TOTAL:</c> or
/// a blank line. Also the header's <c>Flags: 0xN</c> and <c>Size: N</c> (both required) and <c>Size of inline data: N</c>.
/// An entry of any other form is a parse error naming it.
/// </summary>
public static partial class StatBlocksParser
{
    [GeneratedRegex(@"^\((\d+)(?:-(\d+))?(\[u\])?\):(\d+)(?:-(\d+))?$")]
    private static partial Regex DataEntry();

    [GeneratedRegex(@"^\((IND|DIND|TIND|ETB\d+)\):(\d+)$")]
    private static partial Regex MetaEntry();

    public static DebugfsStatBlocks Parse(string text, string source)
    {
        var data = new List<Ext4Extent>();
        var meta = new List<(string, long)>();
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var flags = FlagsField().Match(text);
        var size = SizeField().Match(text);
        if (!flags.Success || !size.Success) throw new FormatException($"{source}: expected 'Flags: 0xN' and 'Size: N' in the inode header");
        uint iflags = Convert.ToUInt32(flags.Groups[1].Value, 16);
        long isize = long.Parse(size.Groups[1].Value);
        var inline = InlineField().Match(text);
        int? inlineSize = inline.Success ? int.Parse(inline.Groups[1].Value) : null;
        int start = lines.FindIndex(l => l.StartsWith("BLOCKS:", StringComparison.Ordinal) || l.StartsWith("EXTENTS:", StringComparison.Ordinal));
        if (start < 0) return new DebugfsStatBlocks(iflags, isize, inlineSize, data, meta);   // inline data and fast symlinks have no block list
        for (int i = start + 1; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith("TOTAL:", StringComparison.Ordinal)) break;
            foreach (var entry in line.Split(", ", StringSplitOptions.RemoveEmptyEntries))
            {
                var e = entry.Trim().TrimEnd(',');
                if (MetaEntry().Match(e) is { Success: true } mm)
                {
                    meta.Add((mm.Groups[1].Value, long.Parse(mm.Groups[2].Value)));
                    continue;
                }
                var m = DataEntry().Match(e);
                if (!m.Success) throw new FormatException($"{source}, line {i + 1}: expected '(L[-L][[u]]):P[-P]' or '(IND|DIND|TIND|ETBn):P', found '{e}'");
                long l1 = long.Parse(m.Groups[1].Value), l2 = m.Groups[2].Success ? long.Parse(m.Groups[2].Value) : l1;
                long p1 = long.Parse(m.Groups[4].Value), p2 = m.Groups[5].Success ? long.Parse(m.Groups[5].Value) : p1;
                if (l2 - l1 != p2 - p1) throw new FormatException($"{source}, line {i + 1}: '{e}' spans different logical and physical lengths");
                data.Add(new Ext4Extent(l1, l2 - l1 + 1, p1, m.Groups[3].Success));
            }
        }
        return new DebugfsStatBlocks(iflags, isize, inlineSize, data, meta);
    }

    [GeneratedRegex(@"Flags: 0x([0-9a-fA-F]+)")]
    private static partial Regex FlagsField();

    [GeneratedRegex(@"(?m)^User:.*\bSize: (\d+)")]
    private static partial Regex SizeField();

    [GeneratedRegex(@"Size of inline data: (\d+)")]
    private static partial Regex InlineField();
}
