namespace IomapModel.Traces.Tracefs;

/// <summary>Merges the <c>trace</c> text of several tracefs instances that share one trace clock into one event
/// stream ordered by timestamp, as one instance would have printed them: each instance's own order is kept, events of
/// equal timestamps come in the order the instances are given, tracefs's <c>#</c> preamble is dropped, and a lost-events
/// line stays after the event it followed.</summary>
public static class TraceMerge
{
    public static IReadOnlyList<string> Merge(params string[] traces)
    {
        var streams = traces.Select(Events).ToList();
        var at = new int[streams.Count];
        var merged = new List<string>();
        while (true)
        {
            int best = -1;
            for (int i = 0; i < streams.Count; i++)
                if (at[i] < streams[i].Count && (best < 0 || streams[i][at[i]].Ns < streams[best][at[best]].Ns)) best = i;
            if (best < 0) return merged;
            merged.Add(streams[best][at[best]++].Text);
        }
    }

    private static List<(long Ns, string Text)> Events(string trace)
    {
        var list = new List<(long, string)>();
        long last = 0;
        int number = 0;
        foreach (var line in trace.Split('\n'))
        {
            number++;
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            if (KernelTraceText.Split(number, line) is { } e) last = e.TimestampNs;
            list.Add((last, line));
        }
        return list;
    }
}
