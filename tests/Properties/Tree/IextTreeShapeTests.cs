using IomapModel.IextTree;

namespace IomapModel.Properties.Tree;

/// <summary>Hand-derived decisions of the kernel tree, pinned as shape dumps: the spill on append, the 4/3 leaf split,
/// whole-leaf merges on removal and the root collapse.</summary>
public sealed class IextTreeShapeTests
{
    private readonly IomapSequence _seq = new();
    private readonly IextFork _fork;

    public IextTreeShapeTests() => _fork = new IextFork(_seq, new KernelAsserts());

    private static FuseIomap Rec(long block) => new(block * 4096, 4096, (ulong)(block * 4096 + 1_048_576), FuseIomapType.Mapped, 0, 1);

    private void Add(long block)
    {
        _fork.LookupExtent(block * 4096, out var cur, out _);
        _fork.Insert(ref cur, Rec(block));
    }

    private void Delete(long block)
    {
        Assert.True(_fork.LookupExtent(block * 4096, out var cur, out _));
        _fork.Remove(ref cur);
    }

    private string Shape() => IextShapeDump.Dump(_fork, 'r');

    private static string Leaf(params long[] blocks) => "leaf " + string.Join(' ', blocks.Select(b => Rec(b).ToShapeString()));

    [Fact]
    public void Seven_appends_fill_the_root_leaf_and_the_eighth_spills_into_an_empty_leaf()
    {
        for (long b = 0; b < 7; b += 1) Add(b * 2);
        Assert.Equal($"fork r height=1 count=7\n{Leaf(0, 2, 4, 6, 8, 10, 12)}\n", Shape());

        Add(14);
        Assert.Equal(
            $"fork r height=2 count=8\nnode 0 {14 * 4096}\n  {Leaf(0, 2, 4, 6, 8, 10, 12)}\n  {Leaf(14)}\n", Shape());
        Assert.Equal(8UL, _seq.Value);
    }

    [Fact]
    public void An_insert_into_a_full_leaf_keeps_four_and_moves_three()
    {
        for (long b = 0; b < 7; b++) Add(b * 2);
        Add(5); // lands in slot 3, which stays in the left half
        Assert.Equal(
            $"fork r height=2 count=8\nnode 0 {8 * 4096}\n  {Leaf(0, 2, 4, 5, 6)}\n  {Leaf(8, 10, 12)}\n", Shape());

        Add(11); // slot 2 of the right leaf
        Assert.Equal(
            $"fork r height=2 count=9\nnode 0 {8 * 4096}\n  {Leaf(0, 2, 4, 5, 6)}\n  {Leaf(8, 10, 11, 12)}\n", Shape());
    }

    [Fact]
    public void A_new_first_record_rewrites_the_key_above()
    {
        for (long b = 10; b < 18; b++) Add(b);
        Add(1);
        // The full left leaf splits 4/3 first; the key of the kept half becomes the new offset.
        Assert.StartsWith($"fork r height=2 count=9\nnode 4096 {14 * 4096} {17 * 4096}\n", Shape());
    }

    [Fact]
    public void An_underfull_leaf_folds_into_its_predecessor_and_the_root_collapses()
    {
        for (long b = 0; b < 7; b++) Add(b * 2);
        Add(5);
        // left: 0 2 4 5 6, right: 8 10 12
        Delete(10);
        Delete(12); // right leaf has 1 record: 5 + 1 fit in the left leaf, so it folds in and the root collapses
        Assert.Equal($"fork r height=1 count=6\n{Leaf(0, 2, 4, 5, 6, 8)}\n", Shape());
    }

    [Fact]
    public void Removing_the_last_record_frees_the_root_and_destroy_keeps_the_counter()
    {
        Add(3);
        Delete(3);
        Assert.Equal("fork r height=0 count=0\n", Shape());
        Assert.Equal(2UL, _seq.Value);
        Add(4);
        _fork.Destroy();
        Assert.Equal(3UL, _seq.Value);
        Assert.Equal("fork w absent\n", IextShapeDump.Dump(null, 'w'));
    }

    [Fact]
    public void Sequential_appends_pack_inner_nodes_by_spilling_at_sixteen()
    {
        for (long b = 0; b < 7 * 16 + 1; b++) Add(b);
        Assert.Equal(3, _fork.Height);
        var lines = Shape().Split('\n');
        Assert.Equal($"node 0 {7 * 16 * 4096}", lines[1]);
        Assert.Empty(_fork.CheckInvariants());
    }
}
