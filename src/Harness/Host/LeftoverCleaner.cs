namespace IomapModel.Harness.Host;

/// <summary>The last line of defence against leaving state behind: lazily unmounts every mount below a directory
/// (deepest first) and detaches every loop device backed by a file in it.</summary>
internal static class LeftoverCleaner
{
    /// <summary>Releases what is left below <paramref name="dir"/>; returns what could not be released.</summary>
    public static IReadOnlyList<string> Release(string dir)
    {
        var prefix = System.IO.Path.GetFullPath(dir).TrimEnd('/') + "/";
        var problems = new List<string>();
        foreach (var m in MountTable.Under(prefix).OrderByDescending(m => m.MountPoint.Length))
        {
            var tool = m.FsType.StartsWith("fuse", StringComparison.Ordinal) ? "fusermount3" : "umount";
            var r = tool == "fusermount3" ? ToolRunner.Run(tool, "-u", "-z", m.MountPoint) : ToolRunner.Run(tool, "-l", m.MountPoint);
            if (MountTable.At(m.MountPoint) is not null)
                problems.Add($"{m.MountPoint} ({m.FsType}) is still mounted: {r.Stderr.Trim()}");
        }
        problems.AddRange(LoopDevices.DetachAll(prefix));
        return problems;
    }
}
