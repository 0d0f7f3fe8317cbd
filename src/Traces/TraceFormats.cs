using IomapModel.Traces.Capture;

namespace IomapModel.Traces;

/// <summary>The text formats the model reads.</summary>
public enum TraceFormat
{
    /// <summary><c>iomap-trace v1</c>, and anything else that names no other format (its parser then says what the
    /// header should be).</summary>
    CacheTrace,
    /// <summary><c>ksim-schedule v1</c>.</summary>
    Schedule,
    /// <summary><c>conform-script v1</c>.</summary>
    ConformScript,
    /// <summary>A tracefs text capture (<c>trace</c> or <c>trace_pipe</c>).</summary>
    Capture,
}

/// <summary>Tells the formats apart by their first lines: the one detector for every header.</summary>
public static class TraceFormats
{
    /// <summary>A format of the model's own when the first line that is not blank or a comment is its header
    /// (<see cref="TraceReader"/>'s rule); a capture when the first line that is not blank is a tracefs header
    /// (<c># tracer:</c>), an event line or a lost-events line; otherwise a cache trace.</summary>
    public static TraceFormat Detect(string path)
    {
        using var reader = new StreamReader(path);
        return Detect(reader);
    }

    public static TraceFormat Detect(TextReader reader)
    {
        bool? capture = null;
        foreach (var (_, raw) in TraceReader.Lines(reader))
        {
            if (raw.Trim().Length == 0) continue;
            capture ??= raw.StartsWith("# tracer:", StringComparison.Ordinal) || FtraceLine.Split(raw) is not null || FtraceLine.IsLostEvents(raw);
            var text = TraceReader.Significant(raw);
            if (text.Length == 0) continue;
            return text switch
            {
                TraceReader.ScheduleHeader => TraceFormat.Schedule,
                TraceReader.ConformScriptHeader => TraceFormat.ConformScript,
                _ => capture == true ? TraceFormat.Capture : TraceFormat.CacheTrace,
            };
        }
        return capture == true ? TraceFormat.Capture : TraceFormat.CacheTrace;
    }
}
