using System.Globalization;
using System.Text.RegularExpressions;

namespace IomapModel.Harness.Host;

/// <summary>
/// Reads an <c>e2fsck -fn</c> report for the one complaint a block-mapped file with blocks past EOF earns: pass 1's
/// <c>Inode N, i_size is A, should be B.  Fix? no</c> (e2fsck's rule: only extent files may hold blocks past i_size,
/// and only unwritten ones). <see cref="Only"/> says whether that is all the report complains about.
/// </summary>
internal static partial class E2fsckSizeComplaints
{
    [GeneratedRegex(@"^Inode (\d+), i_size is (\d+), should be (\d+)\.  Fix\? no$")]
    private static partial Regex SizeComplaint();

    /// <summary>Pass headers, the "still has errors" warning and the closing counts: every line that is no complaint.</summary>
    [GeneratedRegex(@"^(Pass \d[A-Z]?: .*|.*: \*+ WARNING: Filesystem still has errors \*+|.*: \d+/\d+ files \(.*\), \d+/\d+ blocks)$")]
    private static partial Regex NoComplaint();

    /// <summary>The (inode, size e2fsck wants) of every i_size complaint, or null when the report also complains
    /// about anything else.</summary>
    public static IReadOnlyList<(uint Inode, long ShouldBe)>? Only(string report)
    {
        var found = new List<(uint, long)>();
        foreach (var raw in report.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || NoComplaint().IsMatch(line)) continue;
            var m = SizeComplaint().Match(line);
            if (!m.Success) return null;
            found.Add((uint.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        }
        return found;
    }
}
