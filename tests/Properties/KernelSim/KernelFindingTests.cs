using IomapModel.Harness.Schedule;
using IomapModel.Traces.Schedule;
using Xunit.Abstractions;

namespace IomapModel.Properties.KernelSim;

/// <summary>Places where the RFC v3 kernel code, simulated faithfully, breaks a property; each replays a trace under
/// traces/kernelsim/ and pins the faithful behaviour (docs/kernelsim.md, "Findings").</summary>
public sealed class KernelFindingTests(ITestOutputHelper output)
{
    private ScheduleOutcome Replay(string name, Func<string, string>? edit = null) =>
        KsimTraceReplay.Replay(name, output, edit);

    [Fact]
    public void Truncate_tells_the_server_first_so_writeback_writes_freed_blocks_and_a_late_append_regrows_the_file()
    {
        var r = Replay("truncate-vs-writeback.ksched");
        Assert.Empty(r.Mismatches);
    }

    [Fact]
    public void Flushing_before_the_setattr_closes_the_truncate_window()
    {
        var r = Replay("truncate-vs-writeback.ksched", KsimTraceReplay.SetFs("flush_before_truncate", "on"));
        Assert.Equal(0, r.MovedWrites);
        Assert.Equal(16384, r.Size);
        Assert.Equal(16384, r.ServerSize);
    }
}

/// <summary>copy_file_range into a FILEIO inode no longer truncates the destination page cache (seed 3174-3183,
/// seed-iomap.md §8 item 26): clean cached pages keep serving the bytes from before the copy.</summary>
public sealed class CopyFileRangeFindingTests
{
    private static byte[] ReadAfterCopy(bool dropPageCache)
    {
        var server = new IomapModel.Servers.Reference.ReferenceServer(4096, 8UL << 20);
        var k = new IomapModel.KernelSim.Kernel.SimKernel(server,
            new IomapModel.KernelSim.Kernel.SimOptions { CopyRangeDropsPageCache = dropPageCache });
        var src = k.CreateFile("src");
        var dst = k.CreateFile("dst");
        k.Run(r => k.BufferedWrite(dst, 0, Enumerable.Repeat((byte)0x11, 8192).ToArray(), r));
        k.Run(r => k.Fsync(dst, r));
        k.Run(r => k.BufferedWrite(src, 0, Enumerable.Repeat((byte)0x22, 8192).ToArray(), r));
        Assert.Equal(8192, k.Run(r => k.CopyFileRange(src, 0, dst, 0, 8192, r)).Ret);
        return k.Run(r => k.BufferedRead(dst, 0, 8192, r)).Data;
    }

    [Fact]
    public void The_destination_page_cache_shadows_the_copied_bytes()
    {
        Assert.All(ReadAfterCopy(dropPageCache: false), b => Assert.Equal(0x11, b));   // faithful: stale
        Assert.All(ReadAfterCopy(dropPageCache: true), b => Assert.Equal(0x22, b));
    }
}
