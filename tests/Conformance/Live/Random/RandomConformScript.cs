using IomapModel.Traces.Conform;
using IomapModel.Workloads;

namespace IomapModel.Conformance.Live.Random;

/// <summary>A generated <c>conform-script v1</c>: the filesystem to build and the operations. <see cref="ToString"/>
/// is the script itself, ready to save and run with <c>iomapmodel conform FILE</c>, so a shrunk counterexample prints
/// as something to replay.</summary>
public sealed record RandomConformScript(MkfsSpec Mkfs, IReadOnlyList<FileOp> Ops)
{
    /// <summary>The parsed form the engine takes (as if read from <paramref name="file"/>).</summary>
    public ConformScript ToScript(string file) => new(file, Mkfs, Ops);

    public string Text => ConformScriptText.Format(Mkfs, Ops);

    public override string ToString() => "\n" + Text;
}
