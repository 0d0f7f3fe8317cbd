using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Reference;
using Xunit.Abstractions;

namespace IomapModel.Properties.KernelSim;

/// <summary>The seed's headline (cover letter: "zero upcalls for rereads and pure overwrites"): with the cache on,
/// rereads and pure overwrites of cached ranges make no FUSE_IOMAP_BEGIN; with it off, one per iomap iteration.</summary>
public sealed class HeadlineUpcallTests(ITestOutputHelper output)
{
    private const int FileBytes = 1 << 20, WriteChunk = 64 * 1024;

    private sealed record Counts(long RereadBegins, long OverwriteBegins, long OverwriteIoends, double RereadMicros, double OverwriteMicros);

    private static Counts Measure(bool cache)
    {
        var server = new ReferenceServer(4096, 16UL << 20) { UpsertIntoCache = cache };
        var k = new SimKernel(server);
        var ino = k.CreateFile("f");
        var data = new byte[FileBytes];
        new Random(1).NextBytes(data);
        void Write(byte[] src)
        {
            for (int off = 0; off < FileBytes; off += WriteChunk)
                Assert.Equal(WriteChunk, k.Run(r => k.BufferedWrite(ino, off, src[off..(off + WriteChunk)], r)).Ret);
        }

        // Warm-up: write, fsync (unwritten → written), evict, read once (the server upserts MAPPED), evict.
        Write(data);
        Assert.Equal(0, k.Run(r => k.Fsync(ino, r)).Ret);
        k.Run(k.EvictClean(ino));
        Assert.Equal(data, k.Run(r => k.BufferedRead(ino, 0, FileBytes, r)).Data);
        k.Run(k.EvictClean(ino));

        k.Counters.Reset();
        Assert.Equal(data, k.Run(r => k.BufferedRead(ino, 0, FileBytes, r)).Data);
        long rereadBegins = k.Counters.Upcall(FuseOpcode.IomapBegin);
        double rereadUs = k.Counters.SimMicros;

        k.Counters.Reset();
        var data2 = new byte[FileBytes];
        new Random(2).NextBytes(data2);
        Write(data2);
        Assert.Equal(0, k.Run(r => k.Fsync(ino, r)).Ret);
        var counts = new Counts(rereadBegins, k.Counters.Upcall(FuseOpcode.IomapBegin), k.Counters.Upcall(FuseOpcode.IomapIoend),
            rereadUs, k.Counters.SimMicros);
        k.Run(k.EvictClean(ino));
        Assert.Equal(data2, k.Run(r => k.BufferedRead(ino, 0, FileBytes, r)).Data);
        return counts;
    }

    [Fact]
    public void Rereads_and_pure_overwrites_make_no_iomap_begin_with_the_cache_and_one_per_iteration_without()
    {
        var on = Measure(cache: true);
        var off = Measure(cache: false);
        output.WriteLine($"1 MiB file, 4 KiB blocks, 128 KiB readahead, 64 KiB writes, then fsync:");
        output.WriteLine($"  cache on : reread {on.RereadBegins} FUSE_IOMAP_BEGIN ({on.RereadMicros:F1} µs simulated); " +
            $"overwrite+fsync {on.OverwriteBegins} BEGIN, {on.OverwriteIoends} IOEND ({on.OverwriteMicros:F1} µs)");
        output.WriteLine($"  cache off: reread {off.RereadBegins} FUSE_IOMAP_BEGIN ({off.RereadMicros:F1} µs simulated); " +
            $"overwrite+fsync {off.OverwriteBegins} BEGIN, {off.OverwriteIoends} IOEND ({off.OverwriteMicros:F1} µs)");

        Assert.Equal(0, on.RereadBegins);
        Assert.Equal(0, on.OverwriteBegins);
        Assert.Equal(0, on.OverwriteIoends);
        // Without the cache: one per iteration — a readahead window (8 of 128 KiB), a write(2) over one extent (16),
        // and every writeback map_blocks (the uninitialised cookie never revalidates: one per dirty folio, 256).
        Assert.Equal(FileBytes / (128 * 1024), off.RereadBegins);
        Assert.Equal(FileBytes / WriteChunk + FileBytes / 4096, off.OverwriteBegins);
    }
}
