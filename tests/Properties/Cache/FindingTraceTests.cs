using IomapModel.Harness.Replay;
using IomapModel.IomapCache;
using IomapModel.Traces.Cache;

namespace IomapModel.Properties.Cache;

/// <summary>Every trace under traces/findings/ replays to exactly its .expected output: the faithful (and, per
/// docs/findings.md, problematic) behaviour of the seed. A trace whose comments mention --debug-checks replays as a
/// CONFIG_FUSE_IOMAP_DEBUG kernel.</summary>
public sealed class FindingTraceTests
{
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Of("traces", "findings"), "*.trace").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    public static string Replay(string path)
    {
        var debug = File.ReadAllText(path).Contains("--debug-checks");
        var output = new StringWriter();
        new CacheReplayer(output, new IomapCacheOptions(debug)).Run(CacheTraceParser.ParseFile(path));
        return output.ToString();
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Finding_trace_replays_to_its_expected_output(string name)
    {
        var path = RepoPaths.Of("traces", "findings", name);
        var expected = File.ReadAllText(Path.ChangeExtension(path, ".expected"));
        Assert.Equal(expected, Replay(path));
    }

    [Fact]
    public void Every_finding_in_the_document_has_its_trace()
    {
        var doc = File.ReadAllText(RepoPaths.Of("docs", "findings.md"));
        foreach (var name in Traces())
            Assert.Contains(name, doc);
    }
}
