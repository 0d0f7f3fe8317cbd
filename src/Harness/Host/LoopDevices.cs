namespace IomapModel.Harness.Host;

/// <summary>The attached loop devices (<c>losetup -a</c>'s view, read from sysfs so no tool is needed to look).</summary>
internal static class LoopDevices
{
    /// <summary>(device, backing file) for every attached loop device.</summary>
    public static IReadOnlyList<(string Device, string BackingFile)> Attached()
    {
        var list = new List<(string, string)>();
        if (!Directory.Exists("/sys/block")) return list;
        foreach (var dir in Directory.GetDirectories("/sys/block", "loop*"))
        {
            var backing = Path.Combine(dir, "loop", "backing_file");
            if (!File.Exists(backing)) continue;
            string file;
            try { file = File.ReadAllText(backing).Trim(); }
            catch (IOException) { continue; }
            list.Add(("/dev/" + Path.GetFileName(dir), file));
        }
        return list;
    }

    /// <summary>Detaches every loop device backed by <paramref name="file"/>; returns what it could not detach.</summary>
    public static IReadOnlyList<string> DetachAll(string file)
    {
        var full = Path.GetFullPath(file);
        var left = new List<string>();
        foreach (var (dev, backing) in Attached().Where(a => a.BackingFile.StartsWith(full, StringComparison.Ordinal)))
        {
            var r = ToolRunner.Run("losetup", "-d", dev);
            if (r.ExitCode != 0 && Attached().Any(a => a.Device == dev)) left.Add($"{dev} ({backing}): {r.Stderr.Trim()}");
        }
        return left;
    }
}
