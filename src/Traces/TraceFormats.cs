using IomapModel.Traces.Capture;
using IomapModel.Traces.Fsx;
using IomapModel.Traces.Tracefs;

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
    /// <summary>A tracefs text capture (<c>trace</c> or <c>trace_pipe</c>) of the RFC's <c>fuse_iomap_*</c> cache events.</summary>
    Capture,
    /// <summary>A tracefs text capture of a stock kernel (<c>trace</c>, <c>trace_pipe</c> or <c>trace-cmd report</c>):
    /// system calls, ext4, iomap, filemap, writeback and fuse request events, no cache events.</summary>
    KernelCapture,
    /// <summary>An fsx operation log (<c>--record-ops</c>).</summary>
    FsxOps,
}

/// <summary>Tells the formats apart by their first lines: the one detector for every header.</summary>
public static class TraceFormats
{
    /// <summary>
    /// A format of the model's own when the first line that is not blank or a comment is its header
    /// (<see cref="TraceReader"/>'s rule). Tracefs text when the first line that is not blank is a tracefs header
    /// (<c># tracer:</c>), an event line, a lost-events line, trace-cmd's <c>cpus=N</c> or the
    /// <c># iomapmodel-capture v1</c> header block: a <see cref="TraceFormat.Capture"/> when any event is a
    /// <c>fuse_iomap_*</c> cache event, else a <see cref="TraceFormat.KernelCapture"/> — unless that header block says
    /// <c># format: fsx-ops</c> or its first line that is not a comment is an fsx operation; also when the first
    /// significant line is an event line (a header block cut short). An fsx log without a header: its first
    /// significant line is an fsx operation. Otherwise a cache trace.
    /// </summary>
    public static TraceFormat Detect(string path)
    {
        using var reader = new StreamReader(path);
        return Detect(reader);
    }

    public static TraceFormat Detect(TextReader reader)
    {
        bool? tracefs = null;
        bool header = false;
        foreach (var (number, raw) in TraceReader.Lines(reader))
        {
            var trimmed = raw.Trim();
            if (trimmed.Length == 0) continue;
            if (tracefs is null)
            {
                header = trimmed == "# " + TraceReader.WorkloadCaptureHeader;
                tracefs = header || raw.StartsWith("# tracer:", StringComparison.Ordinal) || trimmed.StartsWith("cpus=", StringComparison.Ordinal)
                    || KernelTraceText.Split(number, raw) is not null || FtraceLine.IsLostEvents(raw);
            }
            if (tracefs == true)
            {
                if (header && trimmed.StartsWith($"# format: {TraceReader.FsxOpsFormat}", StringComparison.Ordinal)) return TraceFormat.FsxOps;
                if (trimmed.StartsWith('#')) continue;
                if (KernelTraceText.Split(number, raw) is { } e)
                {
                    header = false;
                    if (CacheTracepointFormats.ByName.ContainsKey(e.Name)) return TraceFormat.Capture;
                }
                else if (header && FsxOpsParser.IsOperation(trimmed)) return TraceFormat.FsxOps;
                continue;
            }
            var text = TraceReader.Significant(raw);
            if (text.Length == 0) continue;
            if (KernelTraceText.Split(number, raw) is { } first)
            {
                // Event lines after comments that are no tracefs header (a header block cut short): still tracefs text.
                tracefs = true;
                if (CacheTracepointFormats.ByName.ContainsKey(first.Name)) return TraceFormat.Capture;
                continue;
            }
            return text switch
            {
                TraceReader.ScheduleHeader => TraceFormat.Schedule,
                TraceReader.ConformScriptHeader => TraceFormat.ConformScript,
                _ when FsxOpsParser.IsOperation(text) => TraceFormat.FsxOps,
                _ => TraceFormat.CacheTrace,
            };
        }
        return tracefs == true ? TraceFormat.KernelCapture : TraceFormat.CacheTrace;
    }
}
