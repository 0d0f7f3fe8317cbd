using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace IomapModel.Properties.Tree;

/// <summary>Model-based properties of the fuse_iext B+tree against a sorted list (issue 2).</summary>
public sealed class IextTreeProperties(ITestOutputHelper output)
{
    [Fact]
    public void Random_workloads_agree_with_the_sorted_list_and_keep_the_invariants()
    {
        var heights = new int[8];
        var emptied = 0;
        var sequences = 0;
        var property = Prop.ForAll(TreeOpGen.Workloads(), ops =>
        {
            var run = new TreeWorkload();
            run.Run(ops);
            Interlocked.Increment(ref heights[Math.Min(run.MaxHeight, 7)]);
            Interlocked.Increment(ref sequences);
            if (run.ReturnedToEmpty && run.MaxHeight >= 4)
                Interlocked.Increment(ref emptied);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);

        output.WriteLine($"{sequences} sequences; max height reached: " +
            string.Join(", ", heights.Select((n, h) => $"h{h}={n}").Where(s => !s.EndsWith("=0"))) +
            $"; {emptied} grew to height 4 and shrank back to empty");
        Assert.True(sequences >= 1000, $"only {sequences} sequences ran");
        Assert.True(heights[4] + heights[5] > 0, "no generated sequence reached height 4");
        Assert.True(emptied > 0, "no sequence grew to height 4 and came back to empty");
    }

    [Fact]
    public void The_shrinker_reduces_a_failing_workload()
    {
        // A property that fails once the tree reaches height 3 must shrink to a short witness.
        var property = Prop.ForAll(TreeOpGen.Workloads(), ops =>
        {
            var run = new TreeWorkload();
            run.Run(ops);
            return run.MaxHeight < 3;
        });
        var ex = Record.Exception(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property));
        Assert.NotNull(ex);
        output.WriteLine(ex.Message);
        Assert.Contains("shrink", ex.Message, StringComparison.OrdinalIgnoreCase);
    }
}
