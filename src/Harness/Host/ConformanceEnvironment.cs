using System.Runtime.InteropServices;

namespace IomapModel.Harness.Host;

/// <summary>
/// Decides whether a live test can run. Two different answers:
/// <list type="bullet">
/// <item><see cref="SkipReason"/>: the machine truly lacks the capability (not Linux, or the kernel has no loop, FUSE
/// or tracefs support at all). Such tests report themselves skipped with that reason.</item>
/// <item><see cref="Require"/>: the kernel has it but this test cannot get it (not root, a device node missing or
/// not openable, a tool not installed). Such tests FAIL with a message naming what is missing.</item>
/// </list>
/// </summary>
internal static class ConformanceEnvironment
{
    public const string TracefsDir = "/sys/kernel/tracing";

    /// <summary>Why the machine cannot ever run a test with these needs, or null when it could.</summary>
    public static string? SkipReason(Needs needs)
    {
        if (!OperatingSystem.IsLinux()) return "not Linux: ext4 loop mounts, FUSE and tracefs need a Linux kernel";
        if (needs.HasFlag(Needs.LoopMount) && !Directory.Exists("/sys/module/loop") && !File.Exists("/dev/loop-control"))
            return "this kernel has no loop device driver (no /sys/module/loop, no /dev/loop-control)";
        if (needs.HasFlag(Needs.LoopMount) && !KernelFilesystems().Contains("ext4"))
            return "this kernel has no ext4 driver (ext4 missing from /proc/filesystems)";
        if (needs.HasFlag(Needs.Fuse2fs) && !KernelFilesystems().Contains("fuse") && !Directory.Exists("/sys/module/fuse"))
            return "this kernel has no FUSE support (fuse missing from /proc/filesystems and /sys/module)";
        if (needs.HasFlag(Needs.Tracefs) && !KernelFilesystems().Contains("tracefs"))
            return "this kernel has no tracefs (missing from /proc/filesystems)";
        return null;
    }

    /// <summary>Fails the calling test, naming every missing piece, unless the machine can run it now.</summary>
    public static void Require(Needs needs)
    {
        var missing = Missing(needs);
        if (missing.Count > 0)
            throw new InvalidOperationException("live conformance test cannot run: " + string.Join("; ", missing));
    }

    public static IReadOnlyList<string> Missing(Needs needs)
    {
        var missing = new List<string>();
        foreach (var tool in new[] { "mkfs.ext4", "mkfs.ext3", "mkfs.ext2", "debugfs", "e2fsck" })
            if (ToolRunner.Find(tool) is null) missing.Add($"{tool} is not installed (e2fsprogs)");
        if (needs == Needs.None) return missing;
        if (geteuid() != 0) missing.Add($"not root (euid {geteuid()}): loop mounts, /dev/fuse mounts and tracefs need root");
        if (needs.HasFlag(Needs.LoopMount))
        {
            if (!File.Exists("/dev/loop-control")) missing.Add("/dev/loop-control is missing (loop devices)");
            foreach (var tool in new[] { "mount", "umount", "losetup", "filefrag" })
                if (ToolRunner.Find(tool) is null) missing.Add($"{tool} is not installed");
        }
        if (needs.HasFlag(Needs.Fuse2fs))
        {
            if (!File.Exists("/dev/fuse")) missing.Add("/dev/fuse is missing");
            else if (!CanOpen("/dev/fuse")) missing.Add("/dev/fuse cannot be opened read-write");
            if (ToolRunner.Find("fuse2fs") is null) missing.Add("fuse2fs is not installed (package fuse2fs)");
            if (ToolRunner.Find("fusermount3") is null) missing.Add("fusermount3 is not installed (package fuse3)");
        }
        if (needs.HasFlag(Needs.Tracefs) && ToolRunner.Find("mount") is null) missing.Add("mount is not installed");
        return missing;
    }

    private static HashSet<string> KernelFilesystems()
    {
        try
        {
            return File.ReadLines("/proc/filesystems").Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries).Last().Trim()).ToHashSet();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static bool CanOpen(string path)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
