
namespace IomapModel.Properties.Golden;

/// <summary>Every shipped trace, schedule and capture replays through the real <c>iomapmodel</c> process exactly as
/// recorded in tests/golden/ (byte for byte: exit status, stdout, stderr).</summary>
public sealed class GoldenOutputTests
{
    public static TheoryData<string> Runs() => [.. GoldenOutputs.Runs(live: false).Select(r => r.ToString())];

    [Fact]
    public void Every_shipped_file_has_a_recorded_run()
    {
        var covered = GoldenOutputs.Runs(live: false).Concat(GoldenOutputs.Runs(live: true)).Select(r => r.Trace).ToHashSet();
        var readable = GoldenOutputs.Shipped().Where(t => GoldenOutputs.Readable.Contains(Path.GetExtension(t)));
        Assert.All(readable, t => Assert.Contains(t, covered));
        Assert.True(covered.Count >= 20, $"only {covered.Count} traces found under traces/");
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Output_is_as_recorded(string name)
    {
        var run = GoldenOutputs.Runs(live: false).Single(r => r.ToString() == name);
        var (code, stdout, stderr) = CliRunner.Run([.. run.Args.Select(a => a == run.Trace ? RepoPaths.Of(a) : a)]);
        GoldenOutputs.Check(run, GoldenOutputs.Render(code, stdout, stderr));
    }
}
