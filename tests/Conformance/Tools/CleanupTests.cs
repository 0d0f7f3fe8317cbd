using System.Diagnostics;
using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Tools;

/// <summary>The disposable mounts release everything even when the test using them fails, and report (after releasing
/// it lazily) a mount they could only take down lazily.</summary>
[Collection(LiveCollection.Name)]
public sealed class CleanupTests
{
    private static string NewImage(ScratchDirectory scratch)
    {
        var image = scratch.File("fs.img");
        File.WriteAllBytes(image, MkfsImage.Build("mkfs.ext4", "-b 4096", 16L << 20, _ => { }));
        return image;
    }

    [LiveFact(Needs.LoopMount)]
    public void A_loop_mount_is_gone_with_its_loop_device_after_a_failing_test()
    {
        using var scratch = new ScratchDirectory();
        var image = NewImage(scratch);
        var dir = scratch.File("mnt");
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var mount = LoopMount.Mount(image, dir);
            File.WriteAllText(mount.PathOf("x"), "x");
            Assert.NotNull(MountTable.At(dir));
            Assert.Contains(LoopDevices.Attached(), a => a.BackingFile.StartsWith(image, StringComparison.Ordinal));
            throw new InvalidOperationException("the test fails here");
        }));
        Assert.Null(MountTable.At(dir));
        Assert.DoesNotContain(LoopDevices.Attached(), a => a.BackingFile.StartsWith(image, StringComparison.Ordinal));
    }

    [LiveFact(Needs.Fuse2fs)]
    public void A_fuse2fs_mount_is_gone_and_its_daemon_exited_after_a_failing_test()
    {
        using var scratch = new ScratchDirectory();
        var image = NewImage(scratch);
        var dir = scratch.File("fmnt");
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var mount = Fuse2fsMount.Mount(image, dir);
            File.WriteAllText(mount.PathOf("x"), "x");
            throw new InvalidOperationException("the test fails here");
        }));
        Assert.Null(MountTable.At(dir));
        Assert.DoesNotContain(Process.GetProcessesByName("fuse2fs"), p => ToolRunner.Run("cat", $"/proc/{p.Id}/cmdline").Stdout.Contains(image));
        TestHost.AssertClean(image);
    }

    [LiveFact(Needs.LoopMount)]
    public void A_busy_loop_mount_is_lazily_unmounted_and_reported()
    {
        using var scratch = new ScratchDirectory();
        var image = NewImage(scratch);
        var dir = scratch.File("mnt");
        var mount = LoopMount.Mount(image, dir);
        var busy = new FileStream(mount.PathOf("held"), FileMode.Create);
        try
        {
            var e = Assert.Throws<InvalidOperationException>(mount.Dispose);
            Assert.Contains("lazily unmounted", e.Message);
            Assert.Null(MountTable.At(dir));
        }
        finally
        {
            busy.Dispose();
        }
        // With the last file closed the lazily unmounted filesystem goes, and with it the loop device (autoclear).
        var deadline = Stopwatch.StartNew();
        while (LoopDevices.Attached().Any(a => a.BackingFile.StartsWith(image, StringComparison.Ordinal)) && deadline.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(50);
        Assert.Empty(LoopDevices.DetachAll(image));
        Assert.DoesNotContain(LoopDevices.Attached(), a => a.BackingFile.StartsWith(image, StringComparison.Ordinal));
    }
}
