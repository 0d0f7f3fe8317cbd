using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Live;

/// <summary>Findings F16 and F17 against the live daemon: the shrunk scripts under traces/findings/ replayed with
/// <c>iomapmodel conform</c>. With the RFC v3 quirks the model fails the operation with -ERANGE (known F10) and the data
/// differ until the run realigns the live file (exit 0, every difference known); modelling fuse2fs as intended, both
/// agree. F17 is the live daemon's library too, so it is known in both modes.</summary>
[Collection(LiveCollection.Name)]
public sealed class ConformFindingTests
{
    [LiveFact(Needs.Fuse2fs)]
    public void F16_a_punch_with_an_unaligned_start_on_a_block_map_fails_after_punching_the_whole_blocks()
    {
        var lines = Replay("unaligned-blockmap-punch.conform", 0);
        Assert.Contains("step 2 punch /a 100 8192: live 0 model -ERANGE (known: F10); size live=12288 model=12288 data differs at 100 (live 0x00 model 0x75); " +
            "cause 1 known F10; live realigned to the model (2 run(s), 4096 bytes written)", lines);
        Assert.Contains("/a block classes agree", lines);   // block 1 is a hole in the model too: punched before the failure
        Replay("unaligned-blockmap-punch.conform", 0, "--intended");
    }

    [LiveFact(Needs.Fuse2fs)]
    public void F16_an_aligned_write_past_an_unaligned_eof_of_a_block_map_fails()
    {
        var lines = Replay("unaligned-eof-extend.conform", 0);
        Assert.Contains("step 3 write /a 4096 1 0x64: live 0 model -ERANGE (known: F10); size live=4097 model=1 data same up to 1; cause 1 known F10; live realigned to the model (size 1)", lines);
        Replay("unaligned-eof-extend.conform", 0, "--intended");
    }

    /// <summary>Seed mode: the model's library frees block 640 too, but the RFC kernel still holds its dirty page (and
    /// the cached mapping): the model shows the byte, the live side reads zeros and is realigned; the model's writeback
    /// then goes to the freed block, so its disk loses the byte, known F17 as well. As intended: only the live daemon's
    /// library frees it, and the live side is realigned to the model.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void F17_a_block_map_punch_frees_a_block_beyond_its_range_and_is_known_in_both_modes()
    {
        var lines = Replay("indirect-punch-frees-beyond.conform", 0);
        Assert.Contains("step 2 punch /a 634880 1024: (known: F17: blocks beyond the range freed; model realigned: clean pages dropped, as reclaim would); " +
            "size live=655361 model=655361 data differs at 655360 (live 0x00 model 0x59); cause 1 known F17; live realigned to the model (1 run(s), 1 bytes written)", lines);
        Assert.Contains("on disk /a size live=655361 model=655361 data differs at 655360 (live 0x59 model 0x00) (known: F17)", lines);
        lines = Replay("indirect-punch-frees-beyond.conform", 0, "--intended");
        Assert.Contains("step 2 punch /a 634880 1024: size live=655361 model=655361 data differs at 655360 (live 0x00 model 0x59); cause 1 known F17; live realigned to the model (1 run(s), 1 bytes written)", lines);
        Assert.Contains("on disk /a size live=655361 model=655361 data same", lines);
    }

    private static string[] Replay(string name, int exit, params string[] options)
    {
        var (code, stdout, stderr) = CliRunner.Run(["conform", "--no-shrink", .. options, RepoPaths.Of("traces", "findings", name)]);
        Assert.True(code == exit, $"exit {code}, expected {exit}\n{stdout}\n{stderr}");
        Assert.Empty(TestHost.Leftovers());
        return CliRunner.Lines(stdout);
    }
}
