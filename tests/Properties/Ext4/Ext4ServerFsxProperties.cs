using FsCheck;
using FsCheck.Fluent;
using IomapModel.Ext4;
using IomapModel.Properties.KernelSim;
using IomapModel.Servers.Fuse2fs;
using Xunit.Abstractions;

namespace IomapModel.Properties.Ext4;

/// <summary>
/// The fsx property against <see cref="Ext4Server"/> over a real mkfs image, through the simulated kernel with the
/// iomap cache on: every read, fsync, eviction and the final reread match the shadow bytes, and after every run the
/// server's allocation is audited against the image: each block its files hold was free in the image according to
/// dumpe2fs, no block is held twice, and the free count plus the files' blocks is what the image started with (so
/// punched and truncated blocks went back to the bitmap).
/// </summary>
public sealed class Ext4ServerFsxProperties(ITestOutputHelper output)
{
    private static Property Holds(Fuse2fsQuirks quirks, Action<FsxRun, Ext4Server>? seen = null) =>
        Prop.ForAll(FsxGen.Workloads(), w =>
        {
            using var image = Ext4Image.Open(Ext4ServerImages.Image);
            var server = new Ext4Server(image, quirks);
            ulong freeBefore = server.Blocks.FreeCount;
            var run = new FsxRun(server: server, fuse2fsRules: true);
            var failures = run.Run(w);
            failures.AddRange(AuditAllocation(run, server, freeBefore));
            seen?.Invoke(run, server);
            return failures.Count == 0 ? true.Label("ok") : false.Label(string.Join("; ", failures.Take(3)));
        });

    /// <summary>The files' device blocks were free in the image, are held once, and the bitmap balances.</summary>
    internal static IEnumerable<string> AuditAllocation(FsxRun run, Ext4Server server, ulong freeBefore)
    {
        var owner = new Dictionary<long, string>();
        ulong held = 0;
        foreach (var ino in run.Kernel.Inodes)
            foreach (var e in server.File(ino.NodeId).Extents)
                for (long b = e.PhysicalBlock; b < e.PhysicalBlock + e.Length; b++)
                {
                    held++;
                    string who = $"{ino.Name}@{e.LogicalBlock + b - e.PhysicalBlock}";
                    if (!Ext4ServerImages.FreeBlocks.Contains(b)) yield return $"{who} got block {b}, which is in use in the image";
                    if (!owner.TryAdd(b, who)) yield return $"{who} got block {b}, already held by {owner[b]}";
                    if (!server.Blocks.InUse((ulong)b)) yield return $"{who} holds block {b}, which the bitmap calls free";
                }
        if (server.Blocks.FreeCount + held != freeBefore)
            yield return $"bitmap leak: {server.Blocks.FreeCount} free + {held} held by the files != {freeBefore} free at mount";
    }

    [Fact]
    public void Random_sequences_on_a_real_image_match_the_shadow_bytes_and_allocate_only_free_blocks()
    {
        int sequences = 0;
        long begins = 0, hits = 0, ioends = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(600), Holds(Fuse2fsQuirks.Seed, (r, _) =>
        {
            Interlocked.Increment(ref sequences);
            Interlocked.Add(ref begins, r.Counters.Upcall(FuseOpcode.IomapBegin));
            Interlocked.Add(ref ioends, r.Counters.Upcall(FuseOpcode.IomapIoend));
            Interlocked.Add(ref hits, r.Counters.CacheHits);
        }));
        output.WriteLine($"{sequences} sequences: {begins} FUSE_IOMAP_BEGIN, {ioends} FUSE_IOMAP_IOEND, {hits} cache hits");
        Assert.True(sequences >= 600);
        Assert.True(hits > 0 && ioends > 0, "the cache or unwritten conversion never came into play: the property has no teeth");
    }

    [Fact]
    public void With_the_intended_fixes_the_same_property_holds()
    {
        int sequences = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Holds(Fuse2fsQuirks.Intended, (_, _) => Interlocked.Increment(ref sequences)));
        Assert.True(sequences >= 300);
    }
}
