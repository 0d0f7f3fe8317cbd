using System.Globalization;

namespace IomapModel.Harness.Conform;

public sealed partial class ConformRun
{
    /// <summary>How many step numbers a cause's line lists before "...".</summary>
    private const int StepsShown = 10;

    /// <summary>The closing summary: one line per distinct cause (known or not, first step, how many steps, the shrunk
    /// script of one that is not known), the return-value and block-class counts, the explanation of every known
    /// divergence met.</summary>
    private void Summary(int steps, bool shrinking)
    {
        var causes = _causes.All;
        int unknown = causes.Count(c => !c.IsKnown);
        output.WriteLine(causes.Count == 0
            ? $"summary: {steps} steps; live and model agree at every step and on disk"
            : $"summary: {steps} steps; {causes.Count} distinct cause(s) of difference, {(unknown == 0 ? "all known" : $"{unknown} NOT KNOWN")}");
        foreach (var c in causes)
        {
            string where = c.Steps.Count == 0 ? "after unmount"
                : $"first step {c.Steps[0]}, {c.Steps.Count} step(s): {string.Join(' ', c.Steps.Take(StepsShown).Select(s => s.ToString(CultureInfo.InvariantCulture)))}" +
                  $"{(c.Steps.Count > StepsShown ? " ..." : "")}{(c.AfterUnmount ? " and after unmount" : "")}";
            string shrunk = c.IsKnown ? "" : c.Shrunk is { } s ? $"; {s}" : shrinking ? "" : "; not shrunk";
            output.WriteLine($"  {c}: {where}{shrunk}");
        }
        output.WriteLine($"  return values: {_knownErrno} known difference(s), {_unexplainedErrno} unexplained");
        output.WriteLine($"  block classes (hole/unwritten/written; addresses are not compared): {_knownClasses + _unknownClasses} run(s) differ, {_knownClasses} known, {_unknownClasses} unknown");
        foreach (var k in causes.Select(c => c.Id.Known).OfType<KnownDivergence>()) output.WriteLine($"  known {k.Id}: {k.Why}");
        if (causes.Count > 0)
            output.WriteLine("  (the live daemon is classic fuse2fs writing through ext2fs_file_write; the model is the RFC's iomap fuse2fs: docs/conform.md)");
    }
}
