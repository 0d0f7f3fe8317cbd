using IomapModel.Traces.Cache;

namespace IomapModel.Properties.Cache;

/// <summary>The <c>iomapmodel replay</c> command on the shipped sample and on malformed traces.</summary>
public sealed class ReplayCommandTests
{
    [Fact]
    public void The_height3_sample_builds_a_height3_tree_splits_and_merges()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", "--results", RepoPaths.Of("traces", "cache-height3.trace"));
        Assert.True(code == 0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = CacheTraceParser.ParseFile(RepoPaths.Of("traces", "cache-height3.trace"));
        var dumps = events.OfType<Dump>().Count();
        var dumpLines = lines.Count(l => l.StartsWith("fork ") || l.StartsWith(' ') || l.StartsWith("node") || l.StartsWith("leaf"));
        Assert.Equal(events.Count(e => e is not (FsDirective or DevDirective or InodeDirective or ConnDirective or Dump)), lines.Length - dumpLines);
        Assert.Equal(2, dumps);
        Assert.Contains("fork r height=3 count=160", lines);
        Assert.Contains("fork r height=3 count=156", lines);
        // The middle-block removal split record 10; the gap fill merged records 40 and 41.
        Assert.Contains("hit off=163840 len=4096 addr=1212416 type=2 flags=0 dev=1 cookie=162", lines);
        Assert.Contains("hit off=172032 len=4096 addr=1220608 type=2 flags=0 dev=1 cookie=162", lines);
        Assert.Contains("hit off=655360 len=28672 addr=1703936 type=2 flags=0 dev=1 cookie=170", lines);
    }

    [Theory]
    [InlineData("iomap-trace v2\n", 1, "expected the header 'iomap-trace v1'")]
    [InlineData("iomap-trace v1\n# fine\ncache_add r 0 4096 zz mapped 0 1\n", 3, "expected address as a decimal or 0x-hex number, got 'zz'")]
    [InlineData("iomap-trace v1\ncache_lookup x 0 4096\n", 2, "expected fork 'r' or 'w', got 'x'")]
    [InlineData("iomap-trace v1\ncache_remove r 0\n", 2, "expected 'cache_remove r|w OFF LEN'")]
    [InlineData("iomap-trace v1\ncache_upsert r 0 4096 0 sideways 0 1\n", 2, "expected a mapping type")]
    [InlineData("iomap-trace v1\nnotify_upsert read_ofset=0\n", 2, "unknown field 'read_ofset'")]
    [InlineData("iomap-trace v1\nseq\nfs blocksize=4096\n", 3, "expected 'fs' before the first cache or notify event")]
    [InlineData("iomap-trace v1\nfs blocksize=3000\n", 2, "expected blocksize a power of two")]
    [InlineData("iomap-trace v1\nfrobnicate\n", 2, "expected an event")]
    public void A_malformed_line_stops_the_replay_naming_file_line_and_expectation(string text, int line, string expected)
    {
        MalformedTrace.Check(text, ".trace", p => CacheTraceParser.ParseFile(p), line, expected, "replay", "--results");
    }
}
