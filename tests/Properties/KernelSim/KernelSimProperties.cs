using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace IomapModel.Properties.KernelSim;

/// <summary>fsx-style properties of the simulated kernel with the reference server (issue 4).</summary>
public sealed class KernelSimProperties(ITestOutputHelper output)
{
    private static Property Holds(bool revalidate, bool remapper, Action<FsxRun>? seen = null, bool serverCaches = true,
        int evictOneIn = 4) =>
        Prop.ForAll(FsxGen.Workloads(), w =>
        {
            var run = new FsxRun(revalidate, remapper, serverCaches, evictOneIn: evictOneIn);
            var failures = run.Run(w);
            seen?.Invoke(run);
            return failures.Count == 0 ? true.Label("ok") : false.Label(string.Join("; ", failures.Take(3)));
        });

    [Fact]
    public void Random_sequences_with_random_writeback_and_eviction_match_the_shadow_bytes()
    {
        int sequences = 0, ops = 0;
        long begins = 0, hits = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), Holds(true, false, r =>
        {
            Interlocked.Increment(ref sequences);
            Interlocked.Add(ref ops, r.OpsRun);
            Interlocked.Add(ref begins, r.Counters.Upcall(FuseOpcode.IomapBegin));
            Interlocked.Add(ref hits, r.Counters.CacheHits);
        }));
        output.WriteLine($"{sequences} sequences, {ops} operations, {begins} FUSE_IOMAP_BEGIN, {hits} cache hits");
        Assert.True(sequences >= 400);
    }

    [Fact]
    public void A_server_that_moves_blocks_under_writeback_never_gets_a_stale_write_with_revalidation()
    {
        int sequences = 0;
        long stale = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Holds(true, true, r =>
        {
            Interlocked.Increment(ref sequences);
            Interlocked.Add(ref stale, r.Counters.StaleWriteback + r.Counters.StaleWriteBegin);
        }));
        output.WriteLine($"{sequences} sequences with a remapping server; {stale} stale mappings caught by the cookie");
        Assert.True(stale > 0, "the remapping server never made a cached mapping stale: the property has no teeth");
    }

    [Fact]
    public void Writeback_holding_an_upcall_mapping_never_writes_a_moved_block_with_the_cookie_check()
    {
        // The server answers FUSE_IOMAP_BEGIN directly (no cache), so writeback holds whole-extent mappings across
        // folios while the server moves blocks and sends FUSE_NOTIFY_IOMAP_INVAL. With the 3/4 revalidate_writeback
        // the (uninitialised) cookie never matches and every range is mapped afresh. Reclaim is off here: without the
        // cache, write_begin has no iomap_valid and reclaim of a clean folio mid-write loses data (finding 4 of
        // docs/kernelsim.md, its own test in StaleWriteBeginWithoutCacheTests), which is not what this property is about.
        int sequences = 0;
        long begins = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Holds(true, true, r =>
        {
            Interlocked.Increment(ref sequences);
            Interlocked.Add(ref begins, r.Counters.Upcall(FuseOpcode.IomapBegin));
        }, serverCaches: false, evictOneIn: int.MaxValue));
        output.WriteLine($"{sequences} sequences, remapping server without cache: {begins} FUSE_IOMAP_BEGIN");
    }

    [Fact]
    public void Without_revalidation_the_stale_mapping_property_finds_a_counterexample()
    {
        // Same run with the test-only switch off (the 2/4 patchset: range check only): writeback keeps writing
        // through a mapping the server has moved away from.
        var ex = Record.Exception(() =>
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Holds(false, true, serverCaches: false)));
        Assert.NotNull(ex);
        output.WriteLine(ex.Message.Length > 3000 ? ex.Message[..3000] : ex.Message);
        Assert.Contains("no longer maps", ex.Message);
    }

    [Fact]
    public void The_rfc_truncate_order_breaks_the_size_property_under_random_interleavings()
    {
        // Finding 1 of docs/kernelsim.md in property form: with FUSE_SETATTR / FUSE_OPEN(O_TRUNC) sent before the
        // kernel waits for writeback (the RFC), a late ioend's APPEND grows i_size back.
        var property = Prop.ForAll(FsxGen.Workloads(), w =>
        {
            var failures = new FsxRun(faithfulTruncate: true).Run(w);
            return failures.Count == 0 ? true.Label("ok") : false.Label(string.Join("; ", failures.Take(3)));
        });
        var ex = Record.Exception(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property));
        Assert.NotNull(ex);
        output.WriteLine(ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message);
        Assert.Contains("i_size of file", ex.Message);
    }
}
