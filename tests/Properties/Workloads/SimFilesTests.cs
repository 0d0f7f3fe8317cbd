using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Reference;
using IomapModel.Workloads;
using IomapModel.Workloads.Sim;

namespace IomapModel.Properties.Workloads;

/// <summary>How <see cref="SimFiles"/> maps the vocabulary onto the simulated kernel: what it cannot do is reported as
/// unsupported (never dropped), open flags change the calls later operations make, a missing file is -ENOENT.</summary>
public sealed class SimFilesTests
{
    private static SimFiles Files() => new(new SimKernel(new ReferenceServer(4096, 16UL << 20)));

    [Fact]
    public void What_the_simulated_kernel_has_no_path_for_is_an_unsupported_outcome()
    {
        var files = Files();
        files.Create("a");
        files.Create("b");
        foreach (var op in new FileOp[]
                 {
                     new FileOp.Read("a", 0, 10, IoPath.Mmap), new FileOp.CloneRange("a", 0, "b", 0, 4096),
                     new FileOp.DedupeRange("a", 0, "b", 0, 4096),
                 })
        {
            var r = files.Run(op);
            Assert.True(r.IsUnsupported, $"{op}: {r}");
            Assert.Equal(-FuseErrno.EOPNOTSUPP, r.Ret);
        }
        Assert.False(files.Run(new FileOp.Read("a", 0, 10)).IsUnsupported);
    }

    [Fact]
    public void O_sync_follows_every_write_with_an_fsync_and_O_direct_bypasses_the_page_cache()
    {
        var files = Files();
        var ino = files.Create("a");
        Assert.Equal(0, files.Run(new FileOp.Open("a", OpenFlags.ReadWrite | OpenFlags.Sync)).Ret);
        Assert.Equal(4096, files.Run(new FileOp.Write("a", 0, WriteData.Filled(4096, 7))).Ret);
        Assert.Equal(1, files.Kernel.Counters.Upcall(FuseOpcode.Fsync));
        Assert.Equal(0, files.Run(new FileOp.Close("a")).Ret);
        Assert.Equal(-FuseErrno.EBADF, files.Run(new FileOp.Close("a")).Ret);

        Assert.Equal(0, files.Run(new FileOp.Open("a", OpenFlags.ReadWrite | OpenFlags.Direct)).Ret);
        files.Run(new FileOp.Evict("a"));
        Assert.Equal(4096, files.Run(new FileOp.Write("a", 4096, WriteData.Filled(4096, 8))).Ret);
        Assert.DoesNotContain(ino.Pages.Folios, f => f.IsDirty);
        Assert.Equal(1, files.Kernel.Counters.Upcall(FuseOpcode.Fsync));
    }

    [Fact]
    public void O_trunc_empties_the_file_and_a_missing_file_is_enoent()
    {
        var files = Files();
        var ino = files.Create("a");
        files.Run(new FileOp.Write("a", 0, WriteData.Filled(100, 1)));
        Assert.Equal(0, files.Run(new FileOp.Open("a", OpenFlags.ReadWrite | OpenFlags.Truncate)).Ret);
        Assert.Equal(0, ino.Size);
        Assert.Equal(-FuseErrno.ENOENT, files.Run(new FileOp.Truncate("nope", 1)).Ret);
        Assert.Null(files.Find("nope"));
        Assert.Equal(3, files.Run(new FileOp.Write("new", 0, WriteData.Filled(3, 1))).Ret);   // a write creates
    }
}
