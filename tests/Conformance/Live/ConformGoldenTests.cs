using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Live;

/// <summary>Every shipped conform script prints exactly what tests/golden/ recorded (the live fuse2fs daemon against
/// the model): refactors leave the conform engine's report byte-identical.</summary>
[Collection(LiveCollection.Name)]
public sealed class ConformGoldenTests
{
    [LiveFact(Needs.Fuse2fs)]
    public void Every_shipped_conform_script_reports_as_recorded()
    {
        var runs = GoldenOutputs.Runs(live: true).ToList();
        Assert.NotEmpty(runs);
        foreach (var run in runs)
        {
            var (code, stdout, stderr) = CliRunner.Run([.. run.Args.Select(a => a == run.Trace ? RepoPaths.Of(a) : a)]);
            GoldenOutputs.Check(run, GoldenOutputs.Render(code, stdout, stderr));
        }
    }
}
