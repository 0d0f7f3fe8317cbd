using IomapModel.Traces.Cache;

namespace IomapModel.Properties.Capture;

/// <summary><c>iomapmodel import</c>, <c>replay</c> and <c>tracepoints</c> on the shipped sample capture.</summary>
public sealed class CaptureCommandTests
{
    private static readonly string Sample = RepoPaths.Of("traces", "captures", "two-inodes.capture");

    [Fact]
    public void The_sample_capture_is_what_its_source_trace_formats_to()
    {
        var (code, stdout, stderr) = CliRunner.Run("tracepoints", RepoPaths.Of("traces", "captures", "two-inodes.source.trace"));
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(Sample), stdout);
    }

    [Fact]
    public void Import_writes_the_shipped_trace_which_parses_and_points_back_to_capture_lines()
    {
        var (code, stdout, stderr) = CliRunner.Run("import", Sample);
        Assert.True(code == 0, stderr);
        Assert.Equal(File.ReadAllText(RepoPaths.Of("traces", "captures", "two-inodes.imported.trace")), stdout);
        var events = CacheTraceParser.Parse("imported", new StringReader(stdout));
        Assert.Equal(8, events.Count(e => e is LookupExpectation));
        Assert.Contains("notify_upsert nodeid=6 attr_ino=99", stdout);
        Assert.Contains("# two-inodes.capture:33 fuse_iomap_cache_remove: done by the notification on line 32", stdout);
        Assert.Contains("cache_remove r 40960 eof", stdout);
    }

    [Fact]
    public void Import_with_nodeid_keeps_one_inode()
    {
        var (code, stdout, stderr) = CliRunner.Run("import", "--nodeid", "6", Sample);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("nodeid=5", stdout);
        Assert.Contains("inode nodeid=6 attr_ino=13", stdout);
    }

    [Fact]
    public void Replaying_the_capture_agrees_with_the_kernel_and_shows_both_caches()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", "--verbose", Sample);
        Assert.True(code == 0, stderr);
        Assert.Contains("8 lookups checked against the kernel's answers, 0 mismatches", stderr);
        Assert.Contains("two-inodes.capture:31: ret -22", stdout);
        Assert.Contains("two-inodes.capture:40: leaf 0:16384:1048576:2:0:1 32768:8192:1081344:2:0:1", stdout);
        Assert.Contains("two-inodes.capture:40: leaf 0:16384:18446744073709551615:1:0:0", stdout);
    }

    [Fact]
    public void A_capture_the_model_disagrees_with_exits_1_naming_the_capture_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tampered-{Guid.NewGuid():N}.capture");
        File.WriteAllText(path, File.ReadAllText(Sample).Replace("got offset 0x0 length 0x4000 addr 0x100000 cookie 0x5", "got offset 0x0 length 0x4000 addr 0x100000 cookie 0x6"));
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("replay", path);
            Assert.Equal(1, code);
            Assert.Contains($"{Path.GetFileName(path)}:39: mismatch: kernel hit off=0 len=16384 addr=1048576 type=2 flags=0 dev=1 cookie=6, model hit off=0 len=16384 addr=1048576 type=2 flags=0 dev=1 cookie=5", stdout);
            Assert.Contains("1 mismatches", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
