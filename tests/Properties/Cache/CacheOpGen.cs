using FsCheck;
using FsCheck.Fluent;

namespace IomapModel.Properties.Cache;

/// <summary>Generates cache workloads over a small file range (so ranges collide, split and merge often) and shrinks
/// them by dropping steps and shrinking numbers.</summary>
public static class CacheOpGen
{
    private static Gen<CacheOp> Op(CacheOpKind kind, int maxLen, bool allowEof) =>
        from write in Gen.Elements(false, true)
        from start in Gen.Frequency((6, Gen.Choose(0, 64)), (1, Gen.Choose(0, 600)))
        from len in Gen.Frequency((8, Gen.Choose(1, maxLen)), (allowEof ? 1 : 0, Gen.Constant(-1)))
        from attr in Gen.Choose(0, 255)
        from extra in Gen.Choose(0, 10_000)
        select new CacheOp(kind, write, start, len, attr, extra);

    private static readonly Gen<CacheOp> Step = Gen.Frequency(
        (20, Op(CacheOpKind.Add, 16, false)),
        (10, Op(CacheOpKind.Remove, 24, true)),
        (20, Op(CacheOpKind.Upsert, 16, false)),
        (6, Op(CacheOpKind.Invalidate, 24, true)),
        (10, Op(CacheOpKind.NotifyUpsert, 16, false)),
        (5, Op(CacheOpKind.NotifyInval, 24, true)),
        (15, Op(CacheOpKind.Lookup, 16, false)),
        (4, Op(CacheOpKind.BadNotifyUpsert, 8, false)),
        (3, Op(CacheOpKind.BadNotifyInval, 8, false)));

    /// <summary>A workload: whether s_maxbytes is small (8 MiB, so TO_EOF and the destroy shortcut meet real
    /// records) and the steps.</summary>
    public static Arbitrary<(bool SmallMaxBytes, CacheOp[] Ops)> Workloads() =>
        Arb.From(
            from small in Gen.Elements(false, true)
            from ops in Step.ArrayOf()
            select (small, ops),
            Shrink);

    private static IEnumerable<(bool, CacheOp[])> Shrink((bool Small, CacheOp[] Ops) w)
    {
        var ops = w.Ops;
        for (var chunk = ops.Length / 2; chunk >= 1; chunk /= 2)
            for (var start = 0; start + chunk <= ops.Length; start += chunk)
                yield return (w.Small, ops[..start].Concat(ops[(start + chunk)..]).ToArray());
        for (var i = 0; i < ops.Length; i++)
        {
            var op = ops[i];
            foreach (var smaller in new[] { op with { Start = op.Start / 2 }, op with { Length = op.Length > 1 ? op.Length / 2 : op.Length }, op with { Attr = op.Attr / 2 }, op with { Extra = op.Extra / 2 } })
                if (smaller != op)
                {
                    var copy = (CacheOp[])ops.Clone();
                    copy[i] = smaller;
                    yield return (w.Small, copy);
                }
        }
    }
}
