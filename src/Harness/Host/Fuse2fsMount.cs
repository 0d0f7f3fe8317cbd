using System.Diagnostics;

namespace IomapModel.Harness.Host;

/// <summary>A live fuse2fs daemon serving an image (<c>fuse2fs IMAGE DIR -f -o fakeroot</c>, kept in the foreground
/// so the test owns its process). Dispose unmounts with <c>fusermount3 -u</c> (retrying, then lazily), waits for the
/// daemon to exit — only then is the image file complete — and fails if the mount or the daemon is left.</summary>
internal sealed class Fuse2fsMount : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly Process _daemon;
    private readonly Task<string> _stderr;
    private bool _disposed;
    private bool _died;

    private Fuse2fsMount(string image, string dir, Process daemon, Task<string> stderr)
    {
        Image = image;
        Directory = dir;
        _daemon = daemon;
        _stderr = stderr;
    }

    public string Image { get; }

    public string Directory { get; }

    public string PathOf(string relative) => Path.Combine(Directory, relative.TrimStart('/'));

    public static Fuse2fsMount Mount(string image, string dir)
    {
        ConformanceEnvironment.Require(Needs.Fuse2fs);
        System.IO.Directory.CreateDirectory(dir);
        var psi = new ProcessStartInfo(ToolRunner.Find("fuse2fs")!) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { image, dir, "-f", "-o", "fakeroot" }) psi.ArgumentList.Add(a);
        var daemon = Process.Start(psi) ?? throw new InvalidOperationException("could not start fuse2fs");
        daemon.StandardInput.Close();
        var stderr = daemon.StandardError.ReadToEndAsync();
        _ = daemon.StandardOutput.ReadToEndAsync();
        var mount = new Fuse2fsMount(image, dir, daemon, stderr);
        var watch = Stopwatch.StartNew();
        while (MountTable.At(dir) is not { } m || !m.FsType.StartsWith("fuse", StringComparison.Ordinal))
        {
            if (daemon.HasExited || watch.Elapsed > Deadline)
            {
                try { mount.Dispose(); } catch (InvalidOperationException) { }
                throw new InvalidOperationException($"fuse2fs {image} {dir} did not mount (exited: {daemon.HasExited}): {stderr.Result}");
            }
            Thread.Sleep(20);   // polling for the mount to appear; not a timing assertion
        }
        return mount;
    }

    /// <summary>Throws an <see cref="IOException"/> naming the daemon's death when it has exited while mounted (killed,
    /// or crashed): from then on every call on the mount fails with ENOTCONN, which is no answer of fuse2fs's. After a
    /// call that failed (<paramref name="callFailed"/>), a mount whose root no longer answers gives a dying daemon a
    /// few seconds to be reaped.</summary>
    public void ThrowIfDaemonDied(bool callFailed = false)
    {
        if (_disposed) return;
        var grace = callFailed && !System.IO.Directory.Exists(Directory) ? TimeSpan.FromSeconds(5) : TimeSpan.Zero;
        if (!_daemon.WaitForExit(grace)) return;
        _died = true;
        int status = _daemon.ExitCode;
        var how = status > 128 ? $"was killed by signal {status - 128}{(status - 128 == 9 ? " (SIGKILL)" : "")}" : $"exited with status {status}";
        throw new IOException($"the fuse2fs daemon (pid {_daemon.Id}) serving {Directory} {how} while mounted; the live side cannot go on");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var problems = MountRelease.Unmount(Directory, () => ToolRunner.Run("fusermount3", "-u", Directory), () => ToolRunner.Run("fusermount3", "-u", "-z", Directory));
        if (!_daemon.WaitForExit(Deadline))
        {
            _daemon.Kill(entireProcessTree: true);
            _daemon.WaitForExit();
            problems.Add($"fuse2fs (pid {_daemon.Id}) did not exit after unmount and was killed");
        }
        else if (_daemon.ExitCode != 0 && !_died)
            problems.Add($"fuse2fs exited {_daemon.ExitCode}: {_stderr.Result}");
        _daemon.Dispose();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("; ", problems));
    }
}
