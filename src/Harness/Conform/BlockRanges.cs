namespace IomapModel.Harness.Conform;

/// <summary>Arithmetic on half-open runs [First, End) of file blocks.</summary>
internal static class BlockRanges
{
    /// <summary>[run) without every range of <paramref name="cut"/>, in order.</summary>
    public static IEnumerable<(long First, long End)> Minus((long First, long End) run, IEnumerable<(long First, long End)> cut)
    {
        long at = run.First;
        foreach (var (f, e) in cut.Where(c => c.End > run.First && c.First < run.End).OrderBy(c => c.First))
        {
            if (f > at) yield return (at, f);
            at = Math.Max(at, e);
        }
        if (at < run.End) yield return (at, run.End);
    }
}
