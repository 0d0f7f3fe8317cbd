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
        fork.VisitPreorder((depth, item) =>
        {
            sb.Append(' ', depth * 2);
            if (item is IextNode node)
            {
                sb.Append("node");
                foreach (var key in node.Keys)
                {
                    if (key == IextGeometry.KeyInvalid)
                        break;
                    sb.Append(' ').Append(key);
                }
            }
            else
            {
                sb.Append("leaf");
                foreach (var rec in fork.LeafRecords((IextLeaf)item))
                    sb.Append(' ').Append(rec.ToShapeString());
            }
            sb.Append('\n');
        });
        return sb.ToString();
    }
}
