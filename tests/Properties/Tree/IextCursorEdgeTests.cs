using IomapModel.IextTree;

namespace IomapModel.Properties.Tree;

/// <summary>The invalid cursors the kernel produces on purpose, and what its next/prev do with them.</summary>
public sealed class IextCursorEdgeTests
{
    private readonly KernelAsserts _asserts = new();
    private readonly IextFork _fork;

    public IextCursorEdgeTests()
    {
        _fork = new IextFork(new IomapSequence(), _asserts);
        for (long i = 0; i < 20; i++)
        {
            _fork.LookupExtent(i * 8192, out var cur, out _);
            _fork.Insert(ref cur, new FuseIomap(i * 8192, 4096, FuseIomapConstants.NullAddr, FuseIomapType.Hole, 0, 0));
        }
    }

    [Fact]
    public void Prev_off_the_front_leaves_pos_minus_one_and_next_from_there_warns_then_returns_to_the_first()
    {
        var cur = default(IextCursor);
        _fork.First(ref cur);
        Assert.False(_fork.PrevExtent(ref cur, out _));
        Assert.Equal(-1, cur.Position);
        Assert.False(cur.IsNull);

        Assert.True(_fork.NextExtent(ref cur, out var got));
        Assert.Equal(0, got.Offset);
        Assert.Contains(_asserts.Hits, h => h is { Function: "fuse_iext_next", Condition: "cur->pos >= 0" });
    }

    [Fact]
    public void Lookup_past_the_last_record_gives_a_past_the_end_cursor_and_prev_steps_back()
    {
        Assert.False(_fork.LookupExtent(1 << 30, out var cur, out _));
        Assert.False(cur.IsNull);
        Assert.False(_fork.IsValid(cur));
        Assert.True(_fork.PrevExtent(ref cur, out var got));
        Assert.Equal(19 * 8192, got.Offset);
        Assert.Empty(_asserts.Hits);
    }

    [Fact]
    public void A_hole_lookup_returns_the_next_record_even_across_leaves()
    {
        for (long i = 0; i < 19; i++)
        {
            Assert.True(_fork.LookupExtent(i * 8192 + 4096, out _, out var got));
            Assert.Equal((i + 1) * 8192, got.Offset);
        }
    }

    [Fact]
    public void Lookup_before_clamps_end_to_the_previous_record()
    {
        long end = 5 * 8192 + 4096 + 100; // inside the hole after record 5
        Assert.True(_fork.LookupExtentBefore(ref end, out _, out var got));
        Assert.Equal(5 * 8192, got.Offset);
        Assert.Equal(5 * 8192 + 4096, end);
    }
}
