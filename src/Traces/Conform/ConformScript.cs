using IomapModel.Workloads;

namespace IomapModel.Traces.Conform;

/// <summary>A parsed <c>conform-script v1</c> file (docs/traces.md): where the starting image comes from, if the
/// script says, and the operations in order.</summary>
public sealed record ConformScript(string File, MkfsSpec? Mkfs, IReadOnlyList<FileOp> Ops)
{
    /// <summary>The line each operation was read from (empty for a script built in memory).</summary>
    public IReadOnlyList<int> Lines { get; init; } = [];

    /// <summary>Every file the script names, in order of first appearance.</summary>
    public IReadOnlyList<string> Paths => Ops.Select(o => o.Path).Distinct(StringComparer.Ordinal).ToList();
}
