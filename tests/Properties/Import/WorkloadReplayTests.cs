using System.Text.Json;
using IomapModel.Harness.Replay;
using IomapModel.Traces.Import;

namespace IomapModel.Properties.Import;

/// <summary>Issue 12's "must show": every shipped workload that rereads or overwrites makes fewer FUSE_IOMAP_BEGIN
/// with the cache than without (the probe pair writes once and rereads nothing: equal), the per-file tallies add up to
/// the totals, and <c>replay --json</c> carries the keys the issue names.</summary>
public sealed class WorkloadReplayTests
{
    public static TheoryData<string> Workloads => new(GoldenOutputs.Shipped()
        .Where(f => f.StartsWith("traces/workloads/", StringComparison.Ordinal) && Path.GetExtension(f) is ".tracefs" or ".trace-cmd" or ".fsxops"));

    [Theory]
    [MemberData(nameof(Workloads))]
    public void The_cache_saves_iomap_begins_wherever_the_workload_rereads_or_overwrites(string file)
    {
        var w = WorkloadImporter.Import(RepoPaths.Of(file))!;
        var (image, _) = WorkloadImage.For(w, null, null);
        var r = WorkloadReplay.Run(w, image, "test");
        if (file.Contains("probe", StringComparison.Ordinal)) Assert.Equal(r.CacheOff.Total.IomapBegin, r.CacheOn.Total.IomapBegin);
        else Assert.True(r.CacheOn.Total.IomapBegin < r.CacheOff.Total.IomapBegin, $"{file}: on {r.CacheOn.Total.IomapBegin}, off {r.CacheOff.Total.IomapBegin}");
        foreach (var run in new[] { r.CacheOn, r.CacheOff })
        {
            Assert.Equal(w.Steps.Count, run.Total.Ops);
            Assert.Equal(run.Total.IomapBegin, run.Files.Sum(f => f.Tally.IomapBegin));
            Assert.Equal(run.Total.Hits, run.Files.Sum(f => f.Tally.Hits));
            Assert.Equal(w.Steps.Count, run.Outcomes.Sum(o => o.Count));
        }
        Assert.Equal(0, r.CacheOff.Total.Hits);
    }

    [Fact]
    public void Replay_json_has_the_keys_the_issue_names_and_the_measured_requests_of_a_fuse2fs_capture()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", "--json", RepoPaths.Of("traces", "workloads", "fuse2fs-random-overwrite-reread.tracefs"));
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal("tracefs", root.GetProperty("format").GetString());
        Assert.Equal(293, root.GetProperty("ops").GetInt32());
        Assert.Equal("/fuse.dat", root.GetProperty("files")[0].GetProperty("path").GetString());
        foreach (var run in new[] { "cache_on", "cache_off" })
            foreach (var key in new[] { "iomap_begin", "iomap_end", "iomap_ioend", "hits", "misses", "predicted_upcall_us" })
                Assert.Equal(JsonValueKind.Number, root.GetProperty(run).GetProperty(key).ValueKind);
        var write = root.GetProperty("measured").GetProperty("FUSE_WRITE");
        Assert.Equal(113, write.GetProperty("count").GetInt32());
        Assert.Equal(21, write.GetProperty("median_us").GetDouble());
        var (_, kernelJson, _) = CliRunner.Run("replay", "--json", RepoPaths.Of("traces", "workloads", "ext4-direct-io.tracefs"));
        using var kernel = JsonDocument.Parse(kernelJson);
        Assert.Equal(JsonValueKind.Null, kernel.RootElement.GetProperty("measured").ValueKind);
    }
}
