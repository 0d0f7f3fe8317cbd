using System.Text.RegularExpressions;
using IomapModel.Ext4;

namespace IomapModel.Support;

/// <summary>
/// Parses <c>debugfs -R "dump_extents PATH"</c> (e2fsprogs 1.47):
/// <code>
/// Level Entries       Logical      Physical Length Flags
///  0/ 2   1/  1     1 -   999  8323            999          (index: child node block, no range)
///  2/ 2   1/ 84     1 -     1  2201 -  2201      1          (leaf)
///  0/ 0   2/  3   100 -   163  8513 -  8576     64 Uninit
/// </code>
/// Leaf lines are those with level = depth. Anything else but the header and blank lines is a parse error naming the
/// line number and what was expected.
/// </summary>
public static partial class DumpExtentsParser
{
    [GeneratedRegex(@"^\s*(\d+)/\s*(\d+)\s+(\d+)/\s*(\d+)\s+(\d+)\s*-\s*(\d+)\s+(\d+)\s*-\s*(\d+)\s+(\d+)\s*(\w*)\s*$")]
    private static partial Regex Leaf();

    [GeneratedRegex(@"^\s*(\d+)/\s*(\d+)\s+(\d+)/\s*(\d+)\s+(\d+)\s*-\s*(\d+)\s+(\d+)\s+(\d+)\s*$")]
    private static partial Regex Index();

    public static DebugfsExtentTree Parse(string text, string source)
    {
        var leaves = new List<Ext4Extent>();
        var nodes = new List<long>();
        int depth = 0, n = 0;
        foreach (var raw in text.Split('\n'))
        {
            n++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith("Level", StringComparison.Ordinal)) continue;
            if (Leaf().Match(line) is { Success: true } m)
            {
                int level = int.Parse(m.Groups[1].Value), d = int.Parse(m.Groups[2].Value);
                if (level != d) throw new FormatException($"{source}, line {n}: a leaf extent at level {level} of a depth-{d} tree: '{line}'");
                depth = d;
                long lstart = long.Parse(m.Groups[5].Value), lend = long.Parse(m.Groups[6].Value);
                long pstart = long.Parse(m.Groups[7].Value), pend = long.Parse(m.Groups[8].Value), len = long.Parse(m.Groups[9].Value);
                var flag = m.Groups[10].Value;
                if (flag is not ("" or "Uninit")) throw new FormatException($"{source}, line {n}: expected no flag or 'Uninit', found '{flag}'");
                if (lend - lstart + 1 != len || pend - pstart + 1 != len)
                    throw new FormatException($"{source}, line {n}: ranges {lstart}-{lend} and {pstart}-{pend} do not both span {len} blocks");
                leaves.Add(new Ext4Extent(lstart, len, pstart, flag == "Uninit"));
            }
            else if (Index().Match(line) is { Success: true } x)
            {
                depth = int.Parse(x.Groups[2].Value);
                nodes.Add(long.Parse(x.Groups[7].Value));
            }
            else
                throw new FormatException($"{source}, line {n}: expected 'level/depth entry/entries logical - logical physical[ - physical] length [Uninit]', found '{line}'");
        }
        return new DebugfsExtentTree(depth, leaves, nodes);
    }
}
