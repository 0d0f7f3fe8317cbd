using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using IomapModel.Conformance.Support;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace IomapModel.Conformance.Live.Random;

/// <summary>
/// Random live-vs-model conformance: FsCheck generates <c>conform-script v1</c> scripts (<see cref="ConformScriptGen"/>)
/// and runs each through the engine of <c>iomapmodel conform</c> (one fuse2fs mount per script). Every script must
/// agree in data and sizes at every step and on disk, leave an e2fsck-clean live image, and differ in return values
/// and block classes only where a <see cref="KnownDivergence"/> explains it. A failure shrinks to the smallest script
/// that still fails and prints it ready to save and run with <c>iomapmodel conform</c>. The seed is fixed unless
/// IOMAPMODEL_CONFORM_SEED says otherwise; IOMAPMODEL_CONFORM_RUNS runs more (tests/Conformance/README.md).
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class RandomConformProperty(ITestOutputHelper output)
{
    [LiveFact(Needs.Fuse2fs)]
    public void Random_scripts_agree_with_the_live_fuse2fs_up_to_known_divergences()
    {
        ConformanceEnvironment.Require(Needs.Fuse2fs);
        var settings = ConformPropertySettings.FromEnvironment();
        using var images = new MkfsImageFiles();
        int scripts = 0, ops = 0;
        var clock = Stopwatch.StartNew();
        var property = Prop.ForAll(ConformScriptGen.Scripts(), script =>
        {
            scripts++;
            ops += script.Ops.Count;
            var (problems, report) = RandomConformCheck.Run(script, images.PathOf(script.Mkfs));
            return problems.Count == 0 ? true.Label("ok") : false.Label(Describe(problems, report));
        });
        var replay = new Replay(new Rnd(settings.Seed), FSharpOption<int>.None);
        try
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(settings.Runs).WithReplay(FSharpOption<Replay>.Some(replay)), property);
        }
        finally
        {
            output.WriteLine($"seed {settings.Seed}: {scripts} script(s) run (shrinking included), {ops} operations, {clock.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>The problems, then the report's step lines that went wrong, what it said after unmount (e2fsck, block
    /// classes) when that went wrong, and its summary line.</summary>
    private static string Describe(IReadOnlyList<string> problems, string report)
    {
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var steps = lines.Where(l => l.StartsWith("step ", StringComparison.Ordinal)
            && (l.Contains("(unexplained", StringComparison.Ordinal) || l.Contains(" differs ", StringComparison.Ordinal) || l.Contains("data same up to", StringComparison.Ordinal))).Take(5);
        var after = lines.SkipWhile(l => !l.StartsWith("after unmount", StringComparison.Ordinal)).TakeWhile(l => !l.StartsWith("summary:", StringComparison.Ordinal))
            .Where(l => l.Contains("NOT clean", StringComparison.Ordinal) || l.StartsWith("  ", StringComparison.Ordinal) && !l.Contains("(known", StringComparison.Ordinal) && !l.EndsWith("classes agree", StringComparison.Ordinal));
        return string.Join("\n", ["problems: " + string.Join("; ", problems.Take(6)), .. steps, .. after.Take(14), .. lines.Where(l => l.StartsWith("summary:", StringComparison.Ordinal))]);
    }
}
