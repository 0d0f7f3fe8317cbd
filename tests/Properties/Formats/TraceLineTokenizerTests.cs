using IomapModel.Traces;
using IomapModel.Traces.Cache;

namespace IomapModel.Properties.Formats;

/// <summary>The trace tokenizer keeps words as ranges of the line: lines longer than its 32-word buffer and with more
/// than 64 fields must read, and fail, exactly as short ones.</summary>
public sealed class TraceLineTokenizerTests
{
    private static IReadOnlyList<CacheTraceEvent> Parse(string body) =>
        CacheTraceParser.Parse("t.trace", new StringReader("iomap-trace v1\n" + body + "\n"));

    private static string Fields(int n, int from = 0) =>
        string.Join(' ', Enumerable.Range(from, n).Select(i => $"x{i}=1"));

    [Fact]
    public void Tabs_and_runs_of_spaces_separate_words_and_a_comment_ends_the_line()
    {
        var e = Assert.IsType<CacheAdd>(Assert.Single(Parse("cache_add\tr  0 4096   0x1000 mapped 0 1 # trailing")));
        Assert.Equal(new FuseIomap(0, 4096, 0x1000, FuseIomapType.Mapped, 0, 1), e.Map);
    }

    [Fact]
    public void An_unknown_field_after_the_buffer_and_past_64_is_named()
    {
        var ex = Assert.Throws<TraceSyntaxException>(() => Parse("notify_inval nodeid=1 " + Fields(70)));
        Assert.Equal(2, ex.Line);
        Assert.Contains("unknown field 'x0' for 'notify_inval'", ex.Expected);
    }

    [Fact]
    public void A_field_given_twice_beyond_the_buffer_is_caught()
    {
        var ex = Assert.Throws<TraceSyntaxException>(() => Parse("notify_inval " + Fields(40) + " x39=2"));
        Assert.Equal("field 'x39' given twice", ex.Expected);
    }

    [Fact]
    public void Positional_words_beyond_the_buffer_are_counted()
    {
        var ex = Assert.Throws<TraceSyntaxException>(() => Parse("cache_add r " + string.Join(' ', Enumerable.Repeat("0", 39))));
        Assert.EndsWith("(7 arguments after 'cache_add', got 40)", ex.Expected);
    }

    [Fact]
    public void A_positional_word_where_a_number_belongs_is_quoted_in_the_error()
    {
        var ex = Assert.Throws<TraceSyntaxException>(() => Parse("cache_lookup r 12z 4096"));
        Assert.Equal("expected offset as a decimal or 0x-hex number, got '12z'", ex.Expected);
    }
}
