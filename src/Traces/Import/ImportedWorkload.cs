using IomapModel.Traces.Conform;

namespace IomapModel.Traces.Import;

/// <summary>
/// A workload read from any format that describes file operations (an fsx ops log, a stock-kernel tracefs capture,
/// a conform script): the operations in order, where the starting image comes from when the file says, what the
/// importer could and could not reconstruct, and, for a capture of a fuse mount, the FUSE requests it measured.
/// </summary>
/// <param name="File">The path as given.</param>
/// <param name="FormatName">How the file is described to users: <c>fsx-ops</c>, <c>tracefs</c>, <c>trace-cmd</c>,
/// <c>conform-script</c>.</param>
/// <param name="Header">The <c># iomapmodel-capture v1</c> header (empty when the file has none).</param>
/// <param name="Mkfs">The image recipe the header names, or null.</param>
public sealed record ImportedWorkload(
    string File,
    TraceFormat Format,
    string FormatName,
    CaptureHeader Header,
    MkfsSpec? Mkfs,
    IReadOnlyList<WorkloadStep> Steps,
    ImportReport Report,
    FuseRequestStats? Measured)
{
    /// <summary>The format as one word: <c>fsx-ops</c>, <c>tracefs</c>, <c>trace-cmd</c> or <c>conform-script</c>.</summary>
    public string FormatKey => Format switch
    {
        TraceFormat.FsxOps => "fsx-ops",
        TraceFormat.ConformScript => "conform-script",
        _ => FormatName.StartsWith("trace-cmd", StringComparison.Ordinal) ? "trace-cmd" : "tracefs",
    };

    /// <summary>Every file the workload names, in order of first appearance.</summary>
    public IReadOnlyList<string> Paths => Steps.Select(s => s.Op.Path).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The workload as a conform script (for <c>iomapmodel conform</c>).</summary>
    public ConformScript ToConformScript() =>
        new(File, Mkfs, [.. Steps.Select(s => s.Op)]) { Lines = [.. Steps.Select(s => s.Line)] };
}
