using System.Text;

namespace IomapModel.Support;

/// <summary>What <c>iomapmodel</c> prints for every shipped file under traces/, recorded in tests/golden/: one file per
/// (trace, verb) with the exit status, stdout and stderr, the repository root written as <c>$REPO</c>. Refactors must
/// leave these byte-identical; a change in behaviour rewrites them on purpose (<c>IOMAPMODEL_GOLDEN_WRITE=1</c>) in a
/// commit that says why.</summary>
public static class GoldenOutputs
{
    public sealed record Run(string Trace, string Verb, string[] Args)
    {
        public string GoldenPath => RepoPaths.Of("tests", "golden", $"{Trace}.{Verb}.txt");
        public override string ToString() => $"{Trace} ({Verb})";
    }

    /// <summary>The extensions of the files a golden run reads (the others under traces/ are images, READMEs, notes).</summary>
    public static readonly string[] Readable = [".trace", ".ksched", ".capture", ".conform", ".tracefs", ".trace-cmd", ".fsxops"];

    /// <summary>Every verb that reads each kind of file; <c>conform</c> needs a live fuse2fs and lives in tests/Conformance.</summary>
    public static IEnumerable<Run> Runs(bool live)
    {
        foreach (var trace in Shipped())
        {
            var ext = Path.GetExtension(trace);
            if (live)
            {
                // --no-shrink: a run of a shipped script never writes a shrunk script into the repository.
                if (ext == ".conform") yield return new(trace, "conform", ["conform", "--no-shrink", trace]);
                continue;
            }
            switch (ext)
            {
                case ".trace":
                    yield return new(trace, "replay", ["replay", trace]);
                    yield return new(trace, "replay-results", ["replay", "--results", trace]);
                    yield return new(trace, "replay-debug", ["replay", "--results", "--debug-checks", trace]);
                    yield return new(trace, "tracepoints", ["tracepoints", trace]);
                    break;
                case ".ksched":
                    yield return new(trace, "replay", ["replay", trace]);
                    break;
                case ".capture":
                    yield return new(trace, "replay", ["replay", trace]);
                    yield return new(trace, "import", ["import", trace]);
                    break;
                case ".tracefs" or ".trace-cmd" or ".fsxops":
                    yield return new(trace, "replay", ["replay", trace]);
                    yield return new(trace, "replay-json", ["replay", "--json", trace]);
                    yield return new(trace, "import", ["import", trace]);
                    break;
            }
        }
    }

    /// <summary>Files under traces/, as repository-relative paths with '/' separators, sorted.</summary>
    public static IEnumerable<string> Shipped() =>
        Directory.EnumerateFiles(RepoPaths.Of("traces"), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static string Render(int exitCode, string stdout, string stderr)
    {
        var text = new StringBuilder()
            .Append("exit ").Append(exitCode).Append('\n')
            .Append("--- stdout\n").Append(stdout)
            .Append("--- stderr\n").Append(stderr)
            .ToString();
        return text.Replace(RepoPaths.Root, "$REPO");
    }

    /// <summary>Compares (or, with IOMAPMODEL_GOLDEN_WRITE=1, records) one run's rendered output.</summary>
    public static void Check(Run run, string actual)
    {
        if (Environment.GetEnvironmentVariable("IOMAPMODEL_GOLDEN_WRITE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(run.GoldenPath)!);
            File.WriteAllText(run.GoldenPath, actual);
            return;
        }
        Assert.True(File.Exists(run.GoldenPath), $"{run}: no recorded output at {run.GoldenPath} (record with IOMAPMODEL_GOLDEN_WRITE=1)");
        var expected = File.ReadAllText(run.GoldenPath);
        if (expected == actual) return;
        var (e, a) = (expected.Split('\n'), actual.Split('\n'));
        var line = Enumerable.Range(0, Math.Max(e.Length, a.Length)).First(i => i >= e.Length || i >= a.Length || e[i] != a[i]);
        Assert.Fail($"{run}: output differs from {Path.GetRelativePath(RepoPaths.Root, run.GoldenPath)} at line {line + 1}\n" +
                    $"  recorded: {(line < e.Length ? e[line] : "<end>")}\n  now:      {(line < a.Length ? a[line] : "<end>")}");
    }
}
