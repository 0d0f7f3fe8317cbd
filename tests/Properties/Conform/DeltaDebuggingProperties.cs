using FsCheck;
using FsCheck.Fluent;
using IomapModel.Harness.Conform;

namespace IomapModel.Properties.Conform;

/// <summary><see cref="DeltaDebugging"/> (the ddmin the conform engine shrinks causes with) against simple reference
/// answers: a failure that needs exactly a set of items shrinks to exactly that set, in order; any result still fails
/// and is 1-minimal; a budget that runs out keeps a failing input and says it stopped.</summary>
public sealed class DeltaDebuggingProperties
{
    /// <summary>Inputs 1-200 items long, and the items (by position) a failure needs: 1-4 of them.</summary>
    private static readonly Arbitrary<(int Count, int[] Culprits)> Inputs = Arb.From(
        from count in Gen.Choose(1, 200)
        from k in Gen.Choose(1, Math.Min(4, count))
        from culprits in Gen.Choose(0, count - 1).ArrayOf(k)
        select (count, culprits.Distinct().Order().ToArray()));

    [Fact]
    public void A_failure_that_needs_a_set_of_items_shrinks_to_exactly_that_set()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Inputs, input =>
        {
            var items = Enumerable.Range(0, input.Count).ToList();
            int tests = 0;
            var (kept, stopped) = DeltaDebugging.Minimize(items, x => { tests++; Assert.NotEmpty(x); return input.Culprits.All(x.Contains); }, () => true);
            Assert.False(stopped);
            Assert.Equal(input.Culprits, kept);
            // ddmin needs about k log n tries for a failure of k items, far below trying every subset.
            Assert.True(tests <= 4 * input.Culprits.Length * (Math.Log2(input.Count) + 2), $"{tests} tests for {input.Count} items");
        }));
    }

    /// <summary>A failure that needs any three of the items: the result still fails and no single item can go.</summary>
    [Fact]
    public void The_result_still_fails_and_is_1_minimal()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Gen.Choose(3, 120).ToArbitrary(), count =>
        {
            bool Fails(IReadOnlyList<int> x) => x.Count(i => i % 5 == 0) >= 2 && x.Count >= 3;
            var items = Enumerable.Range(0, count).Select(i => i * 5 / 3).ToList();
            if (!Fails(items)) return;
            var (kept, _) = DeltaDebugging.Minimize(items, Fails, () => true);
            Assert.True(Fails(kept));
            for (int i = 0; i < kept.Count; i++)
                Assert.False(Fails([.. kept.Where((_, j) => j != i)]), $"item {kept[i]} of [{string.Join(' ', kept)}] could go");
        }));
    }

    [Fact]
    public void A_spent_budget_stops_early_with_an_input_that_still_fails()
    {
        var items = Enumerable.Range(0, 64).ToList();
        int tests = 0;
        var (kept, stopped) = DeltaDebugging.Minimize(items, x => { tests++; return x.Contains(3) && x.Contains(60); }, () => tests < 5);
        Assert.True(stopped);
        Assert.Equal(5, tests);
        Assert.Contains(3, kept);
        Assert.Contains(60, kept);
        Assert.True(kept.Count < items.Count);   // a quarter without either already went
    }
}
