namespace IomapModel.Traces.Conform;

/// <summary>A parsed <c>conform-script v1</c> file (docs/traces.md): where the starting image comes from, if the
/// script says, and the operations in order.</summary>
public sealed record ConformScript(string File, MkfsSpec? Mkfs, IReadOnlyList<ConformOp> Ops)
{
    public const string Header = "conform-script v1";

    /// <summary>Every file the script names, in order of first appearance.</summary>
    public IReadOnlyList<string> Paths => Ops.Select(o => o.Path).Distinct(StringComparer.Ordinal).ToList();
}
