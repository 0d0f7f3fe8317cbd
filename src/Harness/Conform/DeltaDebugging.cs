namespace IomapModel.Harness.Conform;

/// <summary>
/// Delta debugging's <c>ddmin</c> (Zeller and Hildebrandt, "Simplifying and Isolating Failure-Inducing Input", IEEE TSE
/// 2002): a failing input, split into n chunks, is replaced by the first complement of a chunk that still fails (n - 1
/// chunks next), else split finer (2n), until single items are tried; with two chunks the complements are the halves.
/// Unlike the paper's version it does not try each chunk on its own at finer splits: a conform cause needs a few
/// operations spread over the script, so a single chunk almost never fails alone and each try is a live run (about 40%
/// fewer runs for 2-4 needed items). The result still fails and is 1-minimal: taking away any one item makes it pass
/// (unless stopped early). Items keep their order.
/// </summary>
internal static class DeltaDebugging
{
    /// <param name="items">An input for which <paramref name="fails"/> holds.</param>
    /// <param name="fails">The test: does this subsequence still fail? (It is never asked about an empty one.)</param>
    /// <param name="keepGoing">Asked before every test; false stops with the smallest failing input found so far.</param>
    public static (IReadOnlyList<T> Items, bool StoppedEarly) Minimize<T>(IReadOnlyList<T> items, Func<IReadOnlyList<T>, bool> fails, Func<bool> keepGoing)
    {
        var current = items.ToList();
        int n = 2;
        while (current.Count >= 2)
        {
            var chunks = Split(current, n);
            List<T>? smaller = null;
            for (int i = 0; i < chunks.Count; i++)
            {
                if (!keepGoing()) return (current, true);
                var complement = chunks.Where((_, j) => j != i).SelectMany(c => c).ToList();
                if (fails(complement)) { smaller = complement; break; }
            }
            if (smaller is not null)
            {
                (current, n) = (smaller, Math.Max(n - 1, 2));
                continue;
            }
            if (n >= current.Count) break;
            n = Math.Min(2 * n, current.Count);
        }
        return (current, false);
    }

    /// <summary><paramref name="items"/> in <paramref name="n"/> consecutive chunks as equal as can be.</summary>
    private static List<List<T>> Split<T>(List<T> items, int n)
    {
        var chunks = new List<List<T>>(n);
        for (int i = 0, start = 0; i < n; i++)
        {
            int end = (int)((long)items.Count * (i + 1) / n);
            if (end > start) chunks.Add(items.GetRange(start, end - start));
            start = end;
        }
        return chunks;
    }
}
