using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Live;

/// <summary>Findings F16 against the live daemon: the shrunk scripts under traces/findings/ replayed with
/// <c>iomapmodel conform</c> (in process). With the RFC v3 quirks the model fails the operation with -ERANGE
/// (known F10) and the data differ (exit 1); modelling fuse2fs as intended, both agree (exit 0).</summary>
[Collection(LiveCollection.Name)]
public sealed class ConformFindingTests
{
    [LiveFact(Needs.Fuse2fs)]
    public void F16_a_punch_with_an_unaligned_start_on_a_block_map_fails_after_punching_the_whole_blocks()
    {
        var lines = Replay("unaligned-blockmap-punch.conform", 1);
        Assert.Contains("step 2 punch /a 100 8192: live 0 model -ERANGE (known: F10); size live=12288 model=12288 data differs at 100 (live 0x00 model 0x75)", lines);
        Assert.Contains("/a block classes agree", lines);   // block 1 is a hole in the model too: punched before the failure
        Replay("unaligned-blockmap-punch.conform", 0, "--intended");
    }

    [LiveFact(Needs.Fuse2fs)]
    public void F16_an_aligned_write_past_an_unaligned_eof_of_a_block_map_fails()
    {
        var lines = Replay("unaligned-eof-extend.conform", 1);
        Assert.Contains("step 3 write /a 4096 1 0x64: live 0 model -ERANGE (known: F10); size live=4097 model=1 data same up to 1", lines);
        Replay("unaligned-eof-extend.conform", 0, "--intended");
    }

    [LiveFact(Needs.Fuse2fs)]
    public void F17_a_block_map_punch_frees_a_block_beyond_its_range_on_both_sides()
    {
        var lines = Replay("indirect-punch-frees-beyond.conform", 1);
        // The model's page cache still has the freed block's clean page; both disks have lost the byte.
        Assert.Contains("step 2 punch /a 634880 1024: (known: F17: blocks beyond the range freed); size live=655361 model=655361 data differs at 655360 (live 0x00 model 0x59)", lines);
        Assert.Contains("on disk /a size live=655361 model=655361 data same", lines);
        lines = Replay("indirect-punch-frees-beyond.conform", 1, "--intended");
        Assert.Contains("on disk /a size live=655361 model=655361 data differs at 655360 (live 0x00 model 0x59)", lines);
    }

    private static string[] Replay(string name, int exit, params string[] options)
    {
        var (code, stdout, stderr) = CliRunner.Run(["conform", .. options, RepoPaths.Of("traces", "findings", name)]);
        Assert.True(code == exit, $"exit {code}, expected {exit}\n{stdout}\n{stderr}");
        Assert.Empty(TestHost.Leftovers());
        return CliRunner.Lines(stdout);
    }
}
