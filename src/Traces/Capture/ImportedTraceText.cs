namespace IomapModel.Traces.Capture;

/// <summary>Writes imported lines as an <c>iomap-trace v1</c> file: the header, a summary comment, then one line per
/// event with its comment pointing back to the capture (<c># FILE:LINE EVENT</c>), comment-only lines for captured
/// events another line accounts for.</summary>
public static class ImportedTraceText
{
    public static void Write(TextWriter output, string capture, IReadOnlyList<ImportedLine> lines, Capture parsed)
    {
        output.WriteLine(TraceReader.CacheTraceHeader);
        output.WriteLine($"# imported from {Path.GetFileName(capture)} by 'iomapmodel import': {parsed.Events.Count} cache event lines, " +
                         $"{parsed.Skipped.Values.Sum()} lines of other events skipped");
        foreach (var line in lines)
        {
            var text = line.Event is null ? "" : Cache.CacheTraceWriter.Format(line.Event);
            output.WriteLine(line.Comment.Length == 0 ? text : text.Length == 0 ? $"# {line.Comment}" : $"{text,-60} # {line.Comment}");
        }
    }
}
