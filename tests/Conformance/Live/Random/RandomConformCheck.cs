using IomapModel.Harness.Conform;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Conformance.Live.Random;

/// <summary>One random script through the engine of <c>iomapmodel conform</c> (<see cref="ConformRun"/>, in process):
/// the problems it found (empty when data and sizes agree at every step and on disk, the live image is e2fsck-clean,
/// every return-value and block-class difference is a known divergence, and nothing is left mounted; up to the
/// first step where a known divergence left the sides really different, <see cref="ConformRun.DivergedAt"/>), and the run's
/// report.</summary>
public static class RandomConformCheck
{
    public const string ScriptName = "random.conform";

    public static (IReadOnlyList<string> Problems, string Report) Run(RandomConformScript script, string image)
    {
        using var report = new StringWriter();
        var run = new ConformRun(report, report);
        int exit = run.Run(script.ToScript(ScriptName), image, null, Fuse2fsQuirks.Seed, CancellationToken.None);
        // After a known divergence that leaves the data really different (F10), later comparisons only repeat it.
        var problems = run.Disagreements.Where(d => run.DivergedAt is not int at || d.Step < at).Select(d => d.ToString()).ToList();
        if (run.DivergedAt is null) problems.AddRange(run.UnknownClassRuns.Select(r => $"unknown block classes {r}"));
        if (exit is not (0 or 1)) problems.Add($"exit {exit} (bad input, a missing environment or an error; the report says which)");   // 1 comes with disagreements
        problems.AddRange(TestHost.Leftovers().Select(l => $"left behind: {l}"));
        return (problems, report.ToString());
    }
}
