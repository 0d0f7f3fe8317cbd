using System.Diagnostics;
using IomapModel.Conformance.Live.Random;
using IomapModel.Conformance.Support;
using IomapModel.Harness.Conform;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces.Conform;
using Xunit.Abstractions;

namespace IomapModel.Conformance.Live;

/// <summary>
/// <c>iomapmodel conform</c> on long workloads (issue 15): a long generated script reports a handful of distinct causes,
/// each once with the steps it affected, not thousands of repeats; and a cause that is not known (made on purpose with
/// <c>--model-fault</c>, so the test cannot pass vacuously) is shrunk to a script of a few operations that still fails
/// the same way, and passes without the fault.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class ConformLongRunTests(ITestOutputHelper output)
{
    /// <summary>1,500 generated operations on two ext2 files (1 KiB blocks), the RFC's fuse2fs: every block-map
    /// divergence shows up (F10 over and over, blockmap-fallocate, zero-range, F17 ...), yet the summary has one line
    /// per cause, all known, exit 0. About 15-20 s on the 2-core VM.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void A_long_generated_ext2_script_reports_a_handful_of_causes_each_once()
    {
        var script = ConformScriptGen.Long(ConformScriptGen.Filesystems[3], LongConformScripts.Files, 1500, LongConformScripts.Seed);
        using var report = new StringWriter();
        var run = new ConformRun(report, report);
        var clock = Stopwatch.StartNew();
        int exit = run.Run(script.ToScript("long-ext2.conform"), null, null, Fuse2fsQuirks.Seed, CancellationToken.None);
        output.WriteLine($"1500 steps in {clock.Elapsed.TotalSeconds:F1} s");
        var lines = report.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var summary = lines.SkipWhile(l => !l.StartsWith("summary:", StringComparison.Ordinal)).ToList();
        foreach (var l in summary) output.WriteLine(l);
        Assert.True(exit == 0, $"exit {exit}\n{string.Join('\n', summary)}");
        Assert.Empty(run.UnknownCauses);
        Assert.InRange(run.Causes.Count, 3, 8);
        Assert.Contains(run.Causes, c => c.Key == KnownDivergence.UnalignedBlockMapWrite.Id && c.Steps.Count > 50);   // repeated, reported once
        Assert.Equal(1500, lines.Count(l => l.StartsWith("step ", StringComparison.Ordinal)));
        foreach (var c in run.Causes) Assert.Single(summary, l => l.StartsWith($"  {c}: ", StringComparison.Ordinal));
        Assert.Equal(run.Causes.Count, summary.Count(l => l.StartsWith("  cause ", StringComparison.Ordinal)));
        Assert.True(summary.Count < 20, $"{summary.Count} summary lines");
        Assert.Empty(TestHost.Leftovers());
    }

    /// <summary>The model made wrong on purpose (<c>--model-fault punch-keeps-head</c>: an unaligned punch keeps its
    /// partial head block) on a 300-step ext4 script: exit 1, each cause that is not known shrunk into the folder beside
    /// the script to at most a handful of operations with its provenance; the shrunk script still fails with the same
    /// cause, and agrees without the fault.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void A_deliberately_broken_model_shrinks_to_a_few_operations_that_still_fail()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("broken.conform");
        File.WriteAllText(path, ConformScriptGen.Long(ConformScriptGen.Filesystems[0], LongConformScripts.Files, 300, LongConformScripts.Seed).Text);
        var (code, stdout, stderr) = Conform("--model-fault", "punch-keeps-head", path);
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var lines = CliRunner.Lines(stdout);
        var unknown = lines.Where(l => l.StartsWith("cause ", StringComparison.Ordinal) && l.Contains(" NOT KNOWN: punch /", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(unknown);
        foreach (var line in unknown)
        {
            output.WriteLine(line);
            Assert.Contains("data differs in the range (live reads zeros)", line);
            var key = line[(line.IndexOf("NOT KNOWN: ", StringComparison.Ordinal) + "NOT KNOWN: ".Length)..line.IndexOf(": first step", StringComparison.Ordinal)];
            var shrunk = line[(line.LastIndexOf("): ", StringComparison.Ordinal) + 3)..];
            Assert.Equal(Path.Combine(scratch.Path, "broken.shrunk"), Path.GetDirectoryName(shrunk));
            var text = File.ReadAllText(shrunk);
            output.WriteLine(text);
            Assert.Contains($"# cause: not known: {key}", text);
            Assert.Contains($"# shrunk by iomapmodel conform from {path} (300 operations)", text);
            Assert.Contains("# command: iomapmodel conform --model-fault punch-keeps-head " + path, text);
            Assert.Contains("# replay: iomapmodel conform --model-fault punch-keeps-head " + shrunk, text);
            var parsed = ConformScriptParser.ParseFile(shrunk);
            Assert.InRange(parsed.Ops.Count, 1, 4);
            Assert.Contains(parsed.Ops, op => Verb(op) == "punch");

            var (again, againOut, againErr) = Conform("--model-fault", "punch-keeps-head", "--no-shrink", shrunk);
            Assert.True(again == 1, $"exit {again}\n{againOut}\n{againErr}");
            Assert.Contains(CliRunner.Lines(againOut), l => l.StartsWith("cause 1 NOT KNOWN: " + key + ": first step", StringComparison.Ordinal) && l.EndsWith("; not shrunk", StringComparison.Ordinal));
            var (fixedCode, fixedOut, fixedErr) = Conform(shrunk);
            Assert.True(fixedCode == 0, $"exit {fixedCode}\n{fixedOut}\n{fixedErr}");
        }
    }

    /// <summary><c>--no-shrink</c> writes nothing and says so; a budget too small to finish keeps what it has and says
    /// it stopped early; <c>--out</c> chooses the folder.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void No_shrink_writes_nothing_and_a_spent_budget_says_it_stopped_early()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("broken.conform");
        File.WriteAllText(path, "conform-script v1\nmkfs mkfs.ext4 -b 4096 -O ^inline_data size=16777216\nwrite /a 0 65536 0x11\nwrite /b 0 100 0x22\n" +
            "truncate /b 5000\nwrite /a 70000 10 0x33\npunch /a 100 8192\nfsync /a\n");
        var (code, stdout, _) = Conform("--no-shrink", "--model-fault", "punch-keeps-head", path);
        Assert.Equal(1, code);
        Assert.Contains(CliRunner.Lines(stdout), l => l.StartsWith("cause 1 NOT KNOWN: punch /a: data differs in the range (live reads zeros): first step 5, 1 step(s): 5; not shrunk", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(scratch.Path, "broken.shrunk")));

        var dir = scratch.File("elsewhere");
        (code, stdout, _) = Conform("--out", dir, "--shrink-budget", "0.001", "--model-fault", "punch-keeps-head", path);
        Assert.Equal(1, code);
        var line = Assert.Single(CliRunner.Lines(stdout), l => l.StartsWith("cause 1 NOT KNOWN", StringComparison.Ordinal));
        Assert.Contains("stopped early: its share of the shrink budget (0.0 s) was spent", line);
        var shrunk = Path.Combine(dir, "broken.cause1.conform");
        Assert.EndsWith(": " + shrunk, line);
        Assert.Equal(5, ConformScriptParser.ParseFile(shrunk).Ops.Count);   // nothing taken away yet: the first 5 operations
    }

    [Fact]
    public void A_bad_shrink_option_or_fault_name_is_exit_2()
    {
        var (code, _, stderr) = CliRunner.Run("conform", "--model-fault", "bogus", "/nonexistent.conform");
        Assert.Equal(2, code);
        Assert.StartsWith("--model-fault: expected one of none, punch-keeps-head, got 'bogus'", stderr);
        (code, _, stderr) = CliRunner.Run("conform", "--shrink-budget", "0", "/nonexistent.conform");
        Assert.Equal(2, code);
        Assert.StartsWith("--shrink-budget: expected a number of seconds above 0, got 0", stderr);
    }

    private static string Verb(Workloads.FileOp op) => ConformScriptText.Format(op).Split(' ')[0];

    private static (int ExitCode, string Stdout, string Stderr) Conform(params string[] args)
    {
        var r = CliRunner.Run(["conform", .. args]);
        var left = TestHost.Leftovers();
        Assert.True(left.Count == 0, "conform left state behind: " + string.Join("; ", left));
        return r;
    }
}
