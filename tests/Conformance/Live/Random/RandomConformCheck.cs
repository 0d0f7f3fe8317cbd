using IomapModel.Harness.Conform;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Conformance.Live.Random;

/// <summary>One random script through the engine of <c>iomapmodel conform</c> (<see cref="ConformRun"/>, in process):
/// the problems it found (empty when every difference at every step and after unmount is a known divergence and
/// nothing is left mounted; the engine realigns the live side after each difference, so every step is checked), and
/// the run's report.</summary>
public static class RandomConformCheck
{
    public const string ScriptName = "random.conform";

    public static (IReadOnlyList<string> Problems, string Report) Run(RandomConformScript script, string image)
    {
        using var report = new StringWriter();
        var run = new ConformRun(report, report);
        int exit = run.Run(script.ToScript(ScriptName), image, null, Fuse2fsQuirks.Seed, CancellationToken.None);
        var problems = run.UnknownCauses.Select(c => c.ToString()).ToList();
        if (exit is not (0 or 1)) problems.Add($"exit {exit} (bad input, a missing environment or an error; the report says which)");   // 1 comes with unknown causes
        problems.AddRange(TestHost.Leftovers().Select(l => $"left behind: {l}"));
        return (problems, report.ToString());
    }
}
