namespace IomapModel.Traces;

/// <summary>
/// Reads every line-oriented text format of the model. <see cref="Lines"/> numbers a file's lines; <see cref="Read"/>
/// reads the model's own formats (<c>iomap-trace v1</c>, <c>ksim-schedule v1</c>, <c>conform-script v1</c>): the
/// header on the first line that is not blank or a comment, then one event or directive per line, tokenised into a
/// <see cref="TraceLine"/>; <c>#</c> starts a comment and blank lines are ignored. What each verb means is up to the
/// format's parser.
/// </summary>
internal static class TraceReader
{
    /// <summary>The header of each format, each written here once (<see cref="TraceFormats.Detect"/> reads them).</summary>
    public const string CacheTraceHeader = "iomap-trace v1";
    public const string ScheduleHeader = "ksim-schedule v1";
    public const string ConformScriptHeader = "conform-script v1";

    /// <summary>The first line of a capture's or an fsx log's header block, after <c># </c> (<c>CaptureHeader</c>).</summary>
    public const string WorkloadCaptureHeader = "iomapmodel-capture v1";

    /// <summary>The <c># format:</c> value of an fsx ops log's header block.</summary>
    public const string FsxOpsFormat = "fsx-ops";

    /// <summary>Every line with its number (from 1), as written.</summary>
    public static IEnumerable<(int Number, string Text)> Lines(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } raw)
            yield return (++number, raw);
    }

    /// <summary>A line without its <c>#</c> comment, trimmed (empty for a blank or comment-only line).</summary>
    public static string Significant(string raw)
    {
        var hash = raw.IndexOf('#');
        return (hash >= 0 ? raw[..hash] : raw).Trim();
    }

    public static IEnumerable<TraceLine> Read(string file, TextReader reader, string header = CacheTraceHeader)
    {
        var headerSeen = false;
        var last = 0;
        foreach (var (number, raw) in Lines(reader))
        {
            last = number;
            var text = Significant(raw);
            if (text.Length == 0)
                continue;
            if (!headerSeen)
            {
                if (text != header)
                    throw new TraceSyntaxException(file, number, $"expected the header '{header}', got '{raw.Trim()}'");
                headerSeen = true;
                continue;
            }
            yield return new TraceLine(file, number, text);
        }
        if (!headerSeen)
            throw new TraceSyntaxException(file, Math.Max(last, 1), $"expected the header '{header}', got 'end of file'");
    }
}
