namespace IomapModel.Traces.Capture;

/// <summary>What a capture held: the cache events, how many lines of each other event were skipped, and the lines
/// where the ring buffer reported lost events.</summary>
public sealed record Capture(IReadOnlyList<CapturedEvent> Events, IReadOnlyDictionary<string, int> Skipped, IReadOnlyList<int> LostEventLines);

/// <summary>
/// Reads a tracefs text capture (<c>/sys/kernel/tracing/trace</c> or <c>trace_pipe</c>): <c>#</c> header lines and
/// blank lines are ignored, events named in <see cref="CacheTracepointFormats"/> are parsed field by field, other
/// events are counted and skipped. A line that is no event line, or a known event whose fields do not follow its
/// TP_printk, is a <see cref="TraceSyntaxException"/> naming the file, the line and what was expected.
/// </summary>
public static class CaptureParser
{
    public static Capture Parse(string file, TextReader reader)
    {
        var events = new List<CapturedEvent>();
        var skipped = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var lost = new List<int>();
        foreach (var (number, line) in TraceReader.Lines(reader))
        {
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
                continue;
            if (FtraceLine.IsLostEvents(line))
            {
                lost.Add(number);
                continue;
            }
            var parts = FtraceLine.Split(line)
                ?? throw new TraceSyntaxException(file, number, "expected a tracefs event line 'TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: FIELDS'");
            if (!CacheTracepointFormats.ByName.TryGetValue(parts.Event, out var format))
            {
                skipped[parts.Event] = skipped.GetValueOrDefault(parts.Event) + 1;
                continue;
            }
            var fields = format.Parse(parts.Body, expected => new TraceSyntaxException(file, number, expected));
            events.Add(new CapturedEvent(number, parts.Task, parts.Pid, parts.Event, fields));
        }
        return new Capture(events, skipped, lost);
    }

    public static Capture ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(path, reader);
    }
}
