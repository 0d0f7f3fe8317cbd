namespace IomapModel.Harness.Host;

/// <summary>A kernel mount of an image file through a loop device (<c>mount -o loop</c>; the tests' image checks and
/// <c>iomapmodel capture --kernel</c>). Dispose always unmounts — retrying while the filesystem is busy, then lazily —
/// and detaches the loop device, and fails if either is left.</summary>
internal sealed class LoopMount : IDisposable
{
    private bool _disposed;

    private LoopMount(string image, string dir)
    {
        Image = image;
        Directory = dir;
    }

    public string Image { get; }

    public string Directory { get; }

    /// <summary>Mounts <paramref name="image"/> on <paramref name="dir"/>; <paramref name="options"/> are added after "loop".</summary>
    public static LoopMount Mount(string image, string dir, string? fsType = null, string? options = null)
    {
        ConformanceEnvironment.Require(Needs.LoopMount);
        System.IO.Directory.CreateDirectory(dir);
        var args = new List<string> { "-o", options is null ? "loop" : "loop," + options };
        if (fsType is not null) args.AddRange(["-t", fsType]);
        args.AddRange([image, dir]);
        var r = ToolRunner.Run("mount", [.. args]);
        if (r.ExitCode != 0)
        {
            LoopDevices.DetachAll(image);
            throw new InvalidOperationException($"loop mount failed: {r}");
        }
        return new LoopMount(image, dir);
    }

    public string PathOf(string relative) => Path.Combine(Directory, relative.TrimStart('/'));

    /// <summary>Unmounts now (the image is complete on disk afterwards); idempotent.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var problems = MountRelease.Unmount(Directory, () => ToolRunner.Run("umount", Directory), () => ToolRunner.Run("umount", "-l", Directory));
        problems.AddRange(LoopDevices.DetachAll(Image).Select(d => "loop device left: " + d));
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("; ", problems));
    }
}
