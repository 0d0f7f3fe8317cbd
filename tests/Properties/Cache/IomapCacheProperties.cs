using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace IomapModel.Properties.Cache;

/// <summary>Model-based properties of the per-inode cache against a flat per-block reference (issue 3).</summary>
public sealed class IomapCacheProperties(ITestOutputHelper output)
{
    private const long SmallMaxBytes = 8L << 20;

    [Fact]
    public void Cache_agrees_with_the_flat_reference_stays_canonical_and_bumps_the_counter_on_every_change()
    {
        int runs = 0, shortcuts = 0, rejected = 0;
        var property = Prop.ForAll(CacheOpGen.Workloads(), w =>
        {
            var run = new CacheWorkload(w.SmallMaxBytes ? SmallMaxBytes : long.MaxValue);
            run.Run(w.Ops);
            Interlocked.Increment(ref runs);
            Interlocked.Add(ref shortcuts, run.DestroyShortcuts);
            Interlocked.Add(ref rejected, run.Rejected);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);
        output.WriteLine($"{runs} sequences; {rejected} invalid notifications rejected with the cache unchanged; " +
                         $"{shortcuts} content changes without a counter bump, all through the destroy shortcut (docs/findings.md)");
        Assert.True(runs >= 1000);
        Assert.True(rejected > 0, "no invalid notification was generated");
    }

    [Fact]
    public void Invalid_notifications_return_the_kernel_errno_and_change_nothing()
    {
        int runs = 0, rejected = 0;
        var property = Prop.ForAll(CacheOpGen.Workloads(), w =>
        {
            // Build some state, then send only faulty notifications.
            var run = new CacheWorkload(w.SmallMaxBytes ? SmallMaxBytes : long.MaxValue);
            run.Run(w.Ops.Where(o => o.Kind is not (CacheOpKind.BadNotifyInval or CacheOpKind.BadNotifyUpsert)));
            run.Run(w.Ops.Select((o, i) => o with { Kind = i % 2 == 0 ? CacheOpKind.BadNotifyUpsert : CacheOpKind.BadNotifyInval, Extra = o.Extra + i }));
            Interlocked.Increment(ref runs);
            Interlocked.Add(ref rejected, run.Rejected);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);
        output.WriteLine($"{runs} sequences, {rejected} faulty notifications rejected");
        Assert.True(runs >= 1000 && rejected > 1000);
    }
}
