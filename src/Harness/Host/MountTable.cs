namespace IomapModel.Harness.Host;

/// <summary>One line of <c>/proc/self/mountinfo</c>: where something is mounted, its type and source, and the
/// device number of its superblock (<c>MAJ:MIN</c>, what <c>mountpoint -d</c> prints).</summary>
internal sealed record MountEntry(string MountPoint, string FsType, string Source, string Device = "");

/// <summary>The kernel's table of mounts as this process sees it (<c>/proc/self/mountinfo</c>, octal escapes decoded).</summary>
internal static class MountTable
{
    public static IReadOnlyList<MountEntry> Read()
    {
        var list = new List<MountEntry>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0) continue;
            var left = line[..dash].Split(' ');
            var right = line[(dash + 3)..].Split(' ');
            if (left.Length < 5 || right.Length < 2) continue;
            list.Add(new MountEntry(Unescape(left[4]), right[0], Unescape(right[1]), left[2]));
        }
        return list;
    }

    public static MountEntry? At(string dir)
    {
        var full = Path.GetFullPath(dir).TrimEnd('/');
        return Read().LastOrDefault(m => m.MountPoint == full);
    }

    public static IReadOnlyList<MountEntry> Under(string prefix) =>
        Read().Where(m => m.MountPoint.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    private static string Unescape(string s)
    {
        if (!s.Contains('\\')) return s;
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 3 < s.Length && char.IsAsciiDigit(s[i + 1]))
            {
                sb.Append((char)Convert.ToInt32(s.Substring(i + 1, 3), 8));
                i += 3;
            }
            else sb.Append(s[i]);
        }
        return sb.ToString();
    }
}
