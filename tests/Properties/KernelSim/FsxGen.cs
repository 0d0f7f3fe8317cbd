using FsCheck;
using FsCheck.Fluent;

namespace IomapModel.Properties.KernelSim;

/// <summary>Generates and shrinks fsx workloads.</summary>
public static class FsxGen
{
    private static Gen<FsxOp> Op(FsxKind kind) =>
        from f in Gen.Choose(0, 1)
        from a in Gen.Choose(0, int.MaxValue - 1)
        from b in Gen.Choose(0, int.MaxValue - 1)
        from c in Gen.Choose(1, 255)
        select new FsxOp(kind, f, a, b, c);

    private static readonly Gen<FsxOp> Step = Gen.Frequency(
        (20, Op(FsxKind.Write)),
        (6, Op(FsxKind.MmapWrite)),
        (6, Op(FsxKind.DirectWrite)),
        (12, Op(FsxKind.Read)),
        (5, Op(FsxKind.DirectRead)),
        (5, Op(FsxKind.Truncate)),
        (2, Op(FsxKind.Allocate)),
        (2, Op(FsxKind.AllocateKeepSize)),
        (4, Op(FsxKind.PunchHole)),
        (4, Op(FsxKind.ZeroRange)),
        (1, Op(FsxKind.CollapseRange)),
        (1, Op(FsxKind.InsertRange)),
        (1, Op(FsxKind.OpenTrunc)),
        (3, Op(FsxKind.CopyRange)),
        (3, Op(FsxKind.Fsync)),
        (1, Op(FsxKind.Syncfs)),
        (4, Op(FsxKind.Evict)));

    public static Arbitrary<FsxWorkload> Workloads(int maxOps = 40) =>
        Arb.From(
            from seed in Gen.Choose(0, int.MaxValue - 1)
            from ops in Step.ArrayOf().Resize(maxOps)
            select new FsxWorkload(seed, ops),
            Shrink);

    public static IEnumerable<FsxWorkload> Shrink(FsxWorkload w)
    {
        var ops = w.Ops;
        for (var chunk = ops.Length / 2; chunk >= 1; chunk /= 2)
            for (var start = 0; start + chunk <= ops.Length; start += chunk)
                yield return w with { Ops = ops[..start].Concat(ops[(start + chunk)..]).ToArray() };
        for (var i = 0; i < ops.Length; i++)
        {
            if (ops[i].B > 0)
            {
                var copy = (FsxOp[])ops.Clone();
                copy[i] = ops[i] with { B = ops[i].B / 2 };
                yield return w with { Ops = copy };
            }
        }
    }
}
