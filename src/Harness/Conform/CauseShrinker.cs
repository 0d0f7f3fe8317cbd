using System.Diagnostics;
using System.Globalization;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces.Conform;

namespace IomapModel.Harness.Conform;

/// <summary>
/// Shrinks every cause of a conform run that is not known to a minimal conform script: the operations up to the
/// step where it first showed (all of them for one that showed only after unmount), then delta debugging over them
/// (<see cref="DeltaDebugging"/>), each candidate run on a fresh live mount and a fresh model from the same starting
/// image (<see cref="ConformRun.Shows"/>), the predicate being "the same cause shows" (the same key). The result is a
/// conform-script v1 file with a provenance header (the original script, the cause, the command, how it was shrunk)
/// in the output folder. The time budget (<see cref="ConformOptions.ShrinkBudget"/>) is shared by the causes; a cause
/// whose share runs out keeps the smallest failing script found so far and says that it stopped early.
/// </summary>
internal sealed class CauseShrinker(TextWriter output, CauseShrinker.Setup setup, CancellationToken cancel)
{
    /// <summary>What the run was: its script, its starting image (bytes, and the user's file or the mkfs that made
    /// it), the model's quirks and the run's options.</summary>
    public sealed record Setup(ConformScript Script, byte[] Image, string? ImagePath, MkfsSpec? Mkfs, Fuse2fsQuirks Quirks, ConformOptions Options);

    public void ShrinkAll(IReadOnlyList<ConformCause> causes, string dir)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var c in causes) c.Shrunk = ShrinkResult.Failed($"not shrunk: cannot create {dir}: {e.Message}");
            output.WriteLine($"shrinking: cannot create {dir}: {e.Message}");
            return;
        }
        for (int i = 0; i < causes.Count; i++)
        {
            var share = (setup.Options.ShrinkBudget - clock.Elapsed) / (causes.Count - i);
            output.WriteLine($"shrinking {causes[i]} (budget {Seconds(share)} s) ...");
            output.Flush();
            causes[i].Shrunk = Shrink(causes[i], share, dir);
            output.WriteLine($"  {causes[i].Shrunk}");
        }
    }

    private ShrinkResult Shrink(ConformCause cause, TimeSpan budget, string dir)
    {
        var ops = setup.Script.Ops;
        int prefix = cause.Steps.Count > 0 ? cause.Steps[0] : ops.Count;
        var clock = Stopwatch.StartNew();
        var tried = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Fails(IReadOnlyList<int> picked)
        {
            var key = string.Join(',', picked);
            if (!tried.TryGetValue(key, out var fails))
                tried[key] = fails = ConformRun.Shows([.. picked.Select(i => ops[i])], setup.Image, setup.Quirks, setup.Options.ModelFault, cause.Key, cancel);
            return fails;
        }
        var all = Enumerable.Range(0, prefix).ToList();
        if (!Fails(all))
            return ShrinkResult.Failed($"not shrunk: the first {prefix} operation(s) run again on a fresh mount did not show it ({Seconds(clock.Elapsed)} s)");
        // One try first: a problem of one file often needs only that file's operations.
        var own = cause.Id.Path is { } file ? all.Where(i => ops[i].Path == file).ToList() : all;
        if (own.Count > 0 && own.Count < all.Count && clock.Elapsed < budget && Fails(own)) all = own;
        var (kept, stopped) = DeltaDebugging.Minimize(all, Fails, () => clock.Elapsed < budget);
        string? early = stopped ? $"stopped early: its share of the shrink budget ({Seconds(budget)} s) was spent" : null;
        var path = Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(setup.Script.File)}.cause{cause.Number}.conform");
        try
        {
            File.WriteAllText(path, Script(cause, kept, prefix, tried.Count, clock.Elapsed, early, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return ShrinkResult.Failed($"shrunk to {kept.Count} of {prefix} operations but not written: {e.Message}");
        }
        return new ShrinkResult(path, kept.Count, prefix, tried.Count, clock.Elapsed, early, null);
    }

    /// <summary>The shrunk script: the header, the provenance as comments, the mkfs line (unless the run started from
    /// the user's image), the kept operations.</summary>
    private string Script(ConformCause cause, IReadOnlyList<int> kept, int prefix, int runs, TimeSpan took, string? early, string path)
    {
        var body = ConformScriptText.Format(setup.ImagePath is null ? setup.Mkfs : null, kept.Select(i => setup.Script.Ops[i])).Split('\n').ToList();
        var replay = string.Join(' ', new[]
        {
            "iomapmodel conform",
            setup.Quirks == Fuse2fsQuirks.Intended ? "--intended" : null,
            setup.Options.ModelFault != ModelFault.None ? $"--model-fault {ModelFaults.Name(setup.Options.ModelFault)}" : null,
            setup.ImagePath is not null ? $"--image {setup.ImagePath}" : null,
            path,
        }.Where(w => w is not null));
        body.InsertRange(1,
        [
            $"# shrunk by iomapmodel conform from {setup.Script.File} ({setup.Script.Ops.Count} operations)",
            $"# cause: {(cause.IsKnown ? "known " : "not known: ")}{cause.Key} (first at step {(cause.Steps.Count > 0 ? cause.Steps[0].ToString(CultureInfo.InvariantCulture) : "after unmount")})",
            $"# command: {setup.Options.Command ?? "iomapmodel conform " + setup.Script.File}",
            $"# kept {kept.Count} of the first {prefix} operations (original steps {string.Join(' ', kept.Select(i => i + 1))}) by delta debugging, {runs} runs on a fresh mount, {Seconds(took)} s{(early is null ? "" : "; " + early)}",
            $"# replay: {replay}",
        ]);
        return string.Join('\n', body);
    }

    private static string Seconds(TimeSpan t) => Math.Max(0, t.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>What shrinking one cause gave: the script written (<see cref="Path"/>) with <see cref="Kept"/> of the
/// <see cref="From"/> operations it started from, how many candidate runs and how long it took, and why it stopped
/// early (null: it reached a 1-minimal script); or why there is no script (<see cref="Failure"/>).</summary>
public sealed record ShrinkResult(string? Path, int Kept, int From, int Runs, TimeSpan Elapsed, string? StoppedEarly, string? Failure)
{
    public static ShrinkResult Failed(string why) => new(null, 0, 0, 0, TimeSpan.Zero, null, why);

    public override string ToString() => Failure ?? $"shrunk to {Kept} of {From} operation(s) ({Runs} runs, " +
        $"{Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s{(StoppedEarly is null ? "" : "; " + StoppedEarly)}): {Path}";
}
