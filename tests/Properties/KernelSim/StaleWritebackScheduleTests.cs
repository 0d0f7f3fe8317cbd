using IomapModel.Harness.Schedule;
using IomapModel.Traces;
using Xunit.Abstractions;

namespace IomapModel.Properties.KernelSim;

/// <summary>Replays traces/kernelsim/stale-writeback-cookie.ksched: the worked example of docs/kernelsim.md, with
/// revalidation on (caught), off (stale writes, data lost) and with the RFC's uninitialised upcall cookie.</summary>
public sealed class StaleWritebackScheduleTests(ITestOutputHelper output)
{
    private ScheduleOutcome Replay(Func<string, string>? edit = null) =>
        KsimTraceReplay.Replay("stale-writeback-cookie.ksched", output, edit);

    [Fact]
    public void The_cookie_catches_the_stale_writeback_mapping()
    {
        var r = Replay();
        Assert.Empty(r.Mismatches);
        Assert.Equal(1, r.Counters.StaleWriteback);
        Assert.Equal(0, r.MovedWrites);
        Assert.True(r.DataOk);
    }

    [Fact]
    public void Without_revalidation_writeback_writes_the_moved_blocks_and_the_data_is_lost()
    {
        var r = Replay(KsimTraceReplay.SetFs("revalidate", "off"));
        Assert.Equal(3, r.MovedWrites);
        Assert.False(r.DataOk);
        Assert.Equal(1, r.Counters.Upcall(FuseOpcode.IomapBegin));
    }

    [Fact]
    public void With_the_rfc_uninitialised_upcall_cookie_every_folio_is_mapped_again()
    {
        var r = Replay(KsimTraceReplay.SetFs("upcall_cookie", "off"));
        Assert.Equal(0, r.MovedWrites);
        Assert.True(r.DataOk);
        // Folio 0 upcalls (and the server upserts); folios 1-3 each map again: 1 upcalls (its range was invalidated),
        // 2 and 3 are served from the cache. Four map_blocks lookups, none reused.
        Assert.Equal(2, r.Counters.Upcall(FuseOpcode.IomapBegin));
        Assert.Equal(4, r.Counters.Upcall(FuseOpcode.IomapBegin) + r.Counters.CacheHits);
    }

    [Fact]
    public void A_malformed_schedule_names_file_and_line()
    {
        var ex = Assert.Throws<TraceSyntaxException>(() =>
            KsimTraceReplay.Parse("x.ksched", ["ksim-schedule v1", "fs blocksize=4096", "actor wb writeback f", "schedule wb bogus"]));
        Assert.Equal("x.ksched:4: expected schedule to name declared actors, not 'bogus'", ex.Message);
        ex = Assert.Throws<TraceSyntaxException>(() => KsimTraceReplay.Parse("y.ksched", ["iomap-trace v1"]));
        Assert.Equal("y.ksched:1: expected the header 'ksim-schedule v1', got 'iomap-trace v1'", ex.Message);
        ex = Assert.Throws<TraceSyntaxException>(() =>
            KsimTraceReplay.Parse("z.ksched", ["ksim-schedule v1", "file f", "actor wb writeback g"]));
        Assert.Equal("z.ksched:3: expected a declared file, not 'g'", ex.Message);
    }
}

/// <summary>Replays traces/kernelsim/stale-unwritten-write-begin.ksched: iomap_valid in write_begin.</summary>
public sealed class StaleWriteBeginScheduleTests(ITestOutputHelper output)
{
    private ScheduleOutcome Replay(bool revalidate) =>
        KsimTraceReplay.Replay("stale-unwritten-write-begin.ksched", output, KsimTraceReplay.SetFs("revalidate", revalidate ? "on" : "off"));

    [Fact]
    public void The_cookie_makes_the_write_remap_and_read_the_converted_block()
    {
        var r = Replay(revalidate: true);
        Assert.Empty(r.Mismatches);
    }

    [Fact]
    public void Without_revalidation_the_write_zero_fills_over_written_data()
    {
        var r = Replay(revalidate: false);
        Assert.Equal(0, r.Counters.StaleWriteBegin);
        Assert.False(r.DataOk);
    }
}

/// <summary>Replays traces/kernelsim/stale-write-begin-without-cache.ksched: without the cache there is no iomap_valid
/// (finding 4 of docs/kernelsim.md).</summary>
public sealed class StaleWriteBeginWithoutCacheTests(ITestOutputHelper output)
{
    [Fact]
    public void Without_the_cache_a_stale_unwritten_write_begin_mapping_zero_fills_data_already_on_disk()
    {
        var r = KsimTraceReplay.Replay("stale-write-begin-without-cache.ksched", output);
        Assert.Empty(r.Mismatches);
        Assert.False(r.DataOk);
    }

    [Fact]
    public void The_same_schedule_with_the_cache_keeps_the_data()
    {
        var r = KsimTraceReplay.Replay("stale-write-begin-without-cache.ksched", output,
            text => text.Replace("server_cache=off", "server_cache=on server_reply=null")
                        .Replace("expect stale_write_begin 0", "expect stale_write_begin 1")
                        .Replace("expect data lost", "expect data ok"));
        Assert.Empty(r.Mismatches);
    }
}

