using System.Text;

namespace IomapModel.IextTree;

/// <summary>
/// The canonical text form of a fork, used by tests, the CLI and bug reports. First line <c>fork r height=H count=N</c>
/// (or <c>fork w absent</c> for a write fork not created yet); then a depth-first preorder walk from the root with two
/// spaces of indent per level: <c>node K0 K1 ...</c> (valid keys) and <c>leaf O:L:A:T:F:D ...</c> (non-empty records).
/// </summary>
public static class IextShapeDump
{
    public static string Dump(IextFork? fork, char which)
    {
        var sb = new StringBuilder();
        if (fork is null)
            return sb.Append("fork ").Append(which).Append(" absent\n").ToString();
        sb.Append("fork ").Append(which).Append(" height=").Append(fork.Height).Append(" count=").Append(fork.Count).Append('\n');
        foreach (var item in fork.Preorder())
        {
            sb.Append(' ', item.Depth * 2).Append(item.IsLeaf ? "leaf" : "node");
            if (item.IsLeaf)
                foreach (var rec in fork.LeafRecords(item.Index))
                    sb.Append(' ').Append(rec.ToShapeString());
            else
                foreach (var key in fork.NodeKeys(item.Index))
                    sb.Append(' ').Append(key);
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
