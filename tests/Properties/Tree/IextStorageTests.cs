using FsCheck;
using FsCheck.Fluent;
using IomapModel.IextTree;

namespace IomapModel.Properties.Tree;

/// <summary>The machine layout under the kernel's decisions: the vector key search answers exactly what the C loop
/// answers for any keys, and freed nodes are reused, so churn at a steady size does not grow the pools.</summary>
public sealed class IextStorageTests
{
    private static readonly ulong[] Interesting =
        [0, 1, 4096, 8191, 8192, IextGeometry.KeyInvalid - 1, IextGeometry.KeyInvalid, IextGeometry.KeyInvalid + 1, ulong.MaxValue];

    private static Gen<ulong> Key() => Gen.OneOf(Gen.Elements(Interesting),
        Gen.Choose(0, 64).Select(k => (ulong)k * 4096), Gen.Choose(int.MinValue, int.MaxValue).Select(k => unchecked((ulong)k)));

    [Fact]
    public void The_vector_key_search_agrees_with_the_kernel_loop_for_any_keys_and_offsets()
    {
        var tried = 0;
        var property = Prop.ForAll(Key().ArrayOf(IextGeometry.KeysPerNode).ToArbitrary(), Key().ToArbitrary(), (keys, offset) =>
        {
            var node = default(IextNode);
            keys.CopyTo((Span<ulong>)node.Keys);
            var off = unchecked((long)offset);
            tried++;
            return IextFork.KeysAbove(node, off) == IextFork.KeysAboveScalar(node, off);
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), property);
        Assert.True(tried >= 5000);
    }

    [Fact]
    public void The_scalar_reference_marks_exactly_the_keys_above_the_offset_unsigned()
    {
        // Teeth for the test above: the reference itself must see the u64 order, where KEY_INVALID (2^63) is above
        // every offset read as positive and a negative loff_t is above KEY_INVALID.
        var node = default(IextNode);
        ((Span<ulong>)node.Keys).Fill(IextGeometry.KeyInvalid);
        node.Keys[0] = 0;
        node.Keys[1] = 8192;
        Assert.Equal(0xFFFEu, IextFork.KeysAboveScalar(node, 4096));
        Assert.Equal(0xFFFCu, IextFork.KeysAboveScalar(node, 8192));
        Assert.Equal(0u, IextFork.KeysAboveScalar(node, long.MinValue)); // KEY_INVALID is not above itself
        Assert.Equal(0u, IextFork.KeysAboveScalar(node, -1));
    }

    [Fact]
    public void Churn_at_a_steady_size_reuses_freed_nodes()
    {
        var fork = new IextFork(new IomapSequence(), new KernelAsserts());
        void Add(long block)
        {
            fork.LookupExtent(block * 8192, out var cur, out _);
            fork.Insert(ref cur, new FuseIomap(block * 8192, 4096, (ulong)block * 4096, FuseIomapType.Mapped, 0, 1));
        }
        for (long b = 0; b < 5000; b++)
            Add(b);
        var peak = fork.LiveNodes;
        void Track() => peak = (Math.Max(peak.Leaves, fork.LiveNodes.Leaves), Math.Max(peak.Nodes, fork.LiveNodes.Nodes));
        var rng = new Random(5);
        for (var round = 0; round < 20; round++)
        {
            // Take out a run of 1,000 (whole leaves and nodes go) and put it back.
            var from = rng.Next(4000);
            for (long b = from; b < from + 1000; b++)
            {
                Assert.True(fork.LookupExtent(b * 8192, out var cur, out _));
                fork.Remove(ref cur);
                Track();
            }
            for (long b = from; b < from + 1000; b++)
            {
                Add(b);
                Track();
            }
        }
        Assert.Empty(fork.CheckInvariants());
        Assert.Equal(5000, fork.Count);
        // A pool grows only when nothing freed is left to hand out, so it never exceeds the most the tree ever held;
        // without reuse each round would add the ~150 to 330 leaves its re-inserts split off.
        Assert.Equal(peak, fork.IssuedNodes);
        Assert.True(fork.IssuedNodes.Leaves < 2 * 5000 / 3, $"{fork.IssuedNodes.Leaves} leaves issued for 5,000 records");
    }
}
