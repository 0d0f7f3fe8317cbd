using IomapModel.Traces.Conform;
using IomapModel.Traces.Fsx;
using IomapModel.Traces.Tracefs;

namespace IomapModel.Traces.Import;

/// <summary>Reads any file that describes a workload, its format detected by <see cref="TraceFormats.Detect"/>: an fsx
/// ops log, a stock-kernel tracefs capture (<c>trace</c>, <c>trace_pipe</c>, <c>trace-cmd report</c>), or a conform
/// script. The other formats describe no file operations: null.</summary>
public static class WorkloadImporter
{
    public static bool IsWorkload(TraceFormat format) => format is TraceFormat.FsxOps or TraceFormat.KernelCapture or TraceFormat.ConformScript;

    /// <param name="device">For a capture: the device whose inodes the workload used (else the header's, or the only one).</param>
    /// <exception cref="TraceSyntaxException">A malformed line.</exception>
    /// <exception cref="WorkloadImportException">Nothing usable.</exception>
    public static ImportedWorkload? Import(string path, DeviceNumber? device = null) => TraceFormats.Detect(path) switch
    {
        TraceFormat.FsxOps => FsxOpsParser.ParseFile(path),
        TraceFormat.KernelCapture => KernelCaptureImporter.ParseFile(path, device),
        TraceFormat.ConformScript => FromScript(ConformScriptParser.ParseFile(path)),
        _ => null,
    };

    /// <summary>A conform script as a workload: its operations, its mkfs line, nothing to reconstruct.</summary>
    public static ImportedWorkload FromScript(ConformScript script)
    {
        var report = new ImportReport();
        var steps = new List<WorkloadStep>();
        for (int i = 0; i < script.Ops.Count; i++)
        {
            var op = script.Ops[i];
            var kind = op.GetType().Name.ToLowerInvariant();
            report.File(op.Path).Did(kind);
            steps.Add(new(op, kind, i < script.Lines.Count ? script.Lines[i] : 0));
        }
        return new ImportedWorkload(script.File, TraceFormat.ConformScript, "conform-script v1", CaptureHeader.Empty, script.Mkfs, steps, report, null);
    }
}
