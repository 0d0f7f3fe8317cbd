using FsCheck;
using FsCheck.Fluent;

namespace IomapModel.Properties.Tree;

/// <summary>Generates and shrinks tree workloads. Bulk inserts of up to 2,600 records let short sequences reach height 4
/// (a full height-3 tree holds 1,792 records; random fill reaches height 4 well before that).</summary>
public static class TreeOpGen
{
    private static Gen<TreeOp> Op(TreeOpKind kind, int maxB) =>
        from a in Gen.Choose(0, int.MaxValue - 1)
        from b in Gen.Choose(0, maxB)
        select new TreeOp(kind, a, b);

    private static readonly Gen<TreeOp> Step = Gen.Frequency(
        (30, Op(TreeOpKind.Insert, 3)),
        (15, Op(TreeOpKind.Remove, 0)),
        (15, Op(TreeOpKind.Update, 5)),
        (10, Op(TreeOpKind.Lookup, 0)),
        (8, Op(TreeOpKind.LookupBefore, 0)),
        (4, Op(TreeOpKind.Walk, 0)),
        (6, Op(TreeOpKind.InsertMany, 300)),
        (5, Op(TreeOpKind.RemoveMany, 300)),
        (1, Op(TreeOpKind.Destroy, 0)));

    /// <summary>Occasionally a workload that grows big (height 4) and then shrinks back to empty.</summary>
    private static readonly Gen<TreeOp[]> GrowAndShrink =
        from pattern in Gen.Choose(0, 2)
        from grow in Gen.Choose(1900, 2600)
        from middle in Step.ArrayOf().Resize(20)
        from order in Gen.Choose(0, 3)
        select new[] { new TreeOp(TreeOpKind.InsertMany, pattern, grow) }
            .Concat(middle)
            .Append(new TreeOp(TreeOpKind.RemoveMany, order, int.MaxValue))
            .ToArray();

    public static Arbitrary<TreeOp[]> Workloads() =>
        Arb.From(Gen.Frequency((24, Step.ArrayOf()), (1, GrowAndShrink)), Shrink);

    /// <summary>Drop chunks, then single steps, then make counts and parameters smaller.</summary>
    public static IEnumerable<TreeOp[]> Shrink(TreeOp[] ops)
    {
        for (var chunk = ops.Length / 2; chunk >= 1; chunk /= 2)
            for (var start = 0; start + chunk <= ops.Length; start += chunk)
                yield return ops[..start].Concat(ops[(start + chunk)..]).ToArray();
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            if (op.B > 0)
                yield return With(ops, i, op with { B = op.B / 2 });
            if (op.A > 0)
                yield return With(ops, i, op with { A = op.A / 2 });
        }
    }

    private static TreeOp[] With(TreeOp[] ops, int i, TreeOp op)
    {
        var copy = (TreeOp[])ops.Clone();
        copy[i] = op;
        return copy;
    }
}
