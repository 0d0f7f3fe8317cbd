using IomapModel.Harness.Schedule;
using IomapModel.Properties.KernelSim;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces;
using IomapModel.Traces.Schedule;

namespace IomapModel.Properties.Ext4;

/// <summary>Schedules whose <c>server ext4 image=...</c> line replays them against <see cref="Ext4Server"/> over a
/// shipped image (traces/images/), such as finding F11's trace.</summary>
public sealed class Ext4ScheduleTests : IDisposable
{
    private static readonly string WholeGap = RepoPaths.Of("traces", "findings", "fuse2fs-whole-gap.ksched");
    private readonly string _dir = Directory.CreateTempSubdirectory("iomapmodel-ext4-ksched-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The F11 trace with its lines edited, written next to the original so the image path still resolves.</summary>
    private static ScheduleScript Edited(Func<string, string> edit) =>
        KsimTraceReplay.Parse(WholeGap, File.ReadAllLines(WholeGap).Select(edit));

    [Fact]
    public void F11_trace_holds_the_whole_gap_with_the_seed_quirks()
    {
        var r = ScheduleRunner.Run(ScheduleScriptParser.ParseFile(WholeGap));
        Assert.Empty(r.Mismatches);
        Assert.Equal(41, r.AllocatedBlocks);
        Assert.True(r.DataOk);
    }

    [Fact]
    public void F11_trace_holds_only_the_written_blocks_with_the_intended_behaviour()
    {
        var r = ScheduleRunner.Run(Edited(l => l.Replace("quirks=seed", "quirks=intended")));
        Assert.Equal(2, r.AllocatedBlocks);
        Assert.Equal([$"{WholeGap}:10: expected allocated_blocks 41, got 2"], r.Mismatches);
    }

    [Fact]
    public void The_image_file_is_not_modified_by_a_replay()
    {
        var image = RepoPaths.Of("traces", "images", "ext4-1k-empty.img");
        var before = File.ReadAllBytes(image);
        ScheduleRunner.Run(ScheduleScriptParser.ParseFile(WholeGap));
        Assert.Equal(before, File.ReadAllBytes(image));
    }

    [Theory]
    [InlineData("quirks=seed", "quirks=some", "expected quirks=seed|intended, not 'some'")]
    [InlineData("image=../images/ext4-1k-empty.img", "image=../images/none.img", "expected a readable image file")]
    [InlineData("server ext4", "server xfs", "expected server ext4, not 'xfs'")]
    public void A_bad_server_line_names_the_file_and_line(string from, string to, string message)
    {
        var script = Edited(l => l.Replace(from, to));
        var e = Assert.Throws<TraceSyntaxException>(() => ScheduleRunner.Run(script));
        Assert.StartsWith($"{WholeGap}:5: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_remap_actor_needs_the_reference_server_and_that_is_a_parse_error()
    {
        var e = Assert.Throws<TraceSyntaxException>(() => Edited(l => l.StartsWith("file f", StringComparison.Ordinal) ? l + "\nactor srv remap f 1 1" : l));
        Assert.Equal(WholeGap, e.File);
        Assert.Contains("expected remap only with the reference server (no server line)", e.Message);
    }

    [Fact]
    public void The_replay_command_runs_it_and_prints_the_setup_and_the_outcome()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", WholeGap);
        Assert.True(code == 0, stderr + stdout);
        Assert.StartsWith("setup line 7: write f 40960 1024 0x11 ret 1024\n", stdout);
        Assert.Contains("outcome moved_writes=0 size=41984 server_size=41984 allocated_blocks=41 data=ok", stdout);
        var copy = Path.Combine(_dir, "gap.ksched");
        File.WriteAllText(copy, File.ReadAllText(WholeGap).Replace("quirks=seed", "quirks=maybe"));
        (code, stdout, stderr) = CliRunner.Run("replay", copy);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{copy}:5: expected quirks=seed|intended", stderr);
    }
}
