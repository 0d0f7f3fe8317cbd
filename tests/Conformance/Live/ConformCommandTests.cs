using System.Security.Cryptography;
using IomapModel.Conformance.Support;
using IomapModel.Harness.Conform;
using IomapModel.Traces.Conform;

namespace IomapModel.Conformance.Live;

/// <summary>
/// <c>iomapmodel conform</c> (src/Cli/Conform/ConformRun.cs) run in process against the real fuse2fs daemon: every
/// sample script under traces/conform/ agrees (exit 0, one line per operation); the F10 script disagrees (exit 1)
/// unless the model's fuse2fs runs as intended; a malformed script stops before anything is mounted (exit 2); the
/// user's image is never modified. After each run nothing of ours is mounted or attached.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class ConformCommandTests
{
    [LiveFact(Needs.Fuse2fs)]
    public void Every_sample_script_agrees_and_prints_one_line_per_operation()
    {
        var samples = Directory.GetFiles(RepoPaths.Of("traces", "conform"), "*.conform").Order().ToList();
        Assert.True(samples.Count >= 2, "traces/conform/ should hold at least an ext4 and an ext2 sample");
        foreach (var sample in samples)
        {
            var script = ConformScriptParser.ParseFile(sample);
            var (code, stdout, stderr) = Conform(sample);
            Assert.True(code == 0, $"{sample}: exit {code}\n{stdout}\n{stderr}");
            var steps = CliRunner.Lines(stdout).Where(l => l.StartsWith("step ", StringComparison.Ordinal)).ToList();
            Assert.Equal(script.Ops.Select((op, i) => $"step {i + 1} {ConformScriptText.Format(op)}:"), steps.Select(l => l[..(l.IndexOf(':') + 1)]));
            Assert.All(steps, l => Assert.Matches(@"size live=\d+ model=\d+ data same", l));
            Assert.Contains("after unmount: e2fsck -fn of the live image is clean", stdout);
            Assert.Contains("data and sizes agree at every step and on disk", stdout);
        }
        Assert.Contains(samples, s => ConformScriptParser.ParseFile(s).Mkfs?.Tool == "mkfs.ext2");
        Assert.Contains(samples, s => ConformScriptParser.ParseFile(s).Mkfs?.Tool == "mkfs.ext4");
    }

    /// <summary>Teeth: the RFC v3 quirk F10 makes an unaligned write to an ext2 file fail in the model while classic
    /// fuse2fs writes it; the command must say so and exit 1. With the quirk switched off the same script agrees.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void A_real_disagreement_is_reported_with_exit_1_and_disappears_with_the_quirk_off()
    {
        var script = RepoPaths.Of("traces", "findings", "unaligned-blockmap-write.conform");
        var (code, stdout, stderr) = Conform(script);
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var lines = CliRunner.Lines(stdout);
        Assert.Contains("step 2 write /a 20580 50 0x22: live 0 model -ERANGE (known: F10); size live=20630 model=4096 data same up to 4096", lines);
        Assert.Contains(lines, l => l.StartsWith("summary: 2 steps; 2 disagreement(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("known F10:", StringComparison.Ordinal));

        (code, stdout, stderr) = Conform("--intended", script);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("step 2 write /a 20580 50 0x22: size live=20630 model=20630 data same", CliRunner.Lines(stdout));
    }

    /// <summary>The live daemon's libext2fs (Debian's 1.47.0) fills the whole gap left of the first extent on fallocate;
    /// the RFC's does not (docs/conform.md, libext2fs-1.47.0-gap). The run names the divergence for exactly that gap.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void A_fallocate_left_of_the_first_extent_fills_the_gap_only_live_and_that_is_known()
    {
        var (code, stdout, stderr) = Conform(RepoPaths.Of("traces", "conform", "debian-whole-gap.conform"));
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var lines = CliRunner.Lines(stdout);
        Assert.Contains("/a blocks 1176-1543: live unwritten, model hole (known: libext2fs-1.47.0-gap)", lines);
        Assert.Contains("block classes (hole/unwritten/written; addresses are not compared): 1 run(s) differ, 1 known, 0 unknown", lines);
    }

    /// <summary>F17's region-boundary stop leaves a punched block mapped in both daemons; the RFC kernel zeroes it, classic
    /// fuse2fs shows the old bytes: the run names it and realigns the live side, and with the quirk off it disagrees.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void A_block_map_punch_that_leaves_blocks_mapped_is_known_F17_and_realigned()
    {
        var script = RepoPaths.Of("traces", "conform", "indirect-punch-left-mapped.conform");
        var (code, stdout, stderr) = Conform(script);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("step 2 punch /a 45056 8192: (known: F17: blocks of the range left mapped; live realigned: zeros written); size live=65536 model=65536 data same",
            CliRunner.Lines(stdout));
        (code, stdout, stderr) = Conform("--intended", script);
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("step 2 punch /a 45056 8192: size live=65536 model=65536 data differs at 49152 (live 0x78 model 0x00)", CliRunner.Lines(stdout));
    }

    /// <summary>The byte comparison names the first differing byte and both values (a size match is not enough).</summary>
    [Fact]
    public void A_byte_difference_is_named_with_its_offset_and_both_values()
    {
        byte[] a = [1, 2, 3, 4], b = [1, 2, 9, 4];
        var cmp = FileComparison.Of("/a", 4, 4, (o, n) => a[(int)o..(int)(o + n)], (o, n) => b[(int)o..(int)(o + n)]);
        Assert.False(cmp.Agrees);
        Assert.Equal("/a size live=4 model=4 data differs at 2 (live 0x03 model 0x09)", cmp.ToString());
    }

    [LiveFact(Needs.Fuse2fs)]
    public void A_malformed_script_names_file_and_line_and_mounts_nothing()
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("bad.conform");
        File.WriteAllText(path, "conform-script v1\nwrite /a 0 4096 0x11\nwrite /a 0 4096 0x1ff\n");
        var before = ScratchDirectories();
        var (code, stdout, stderr) = Conform("--mkfs", "mkfs.ext4 -b 4096", path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{path}:3: expected BYTE (the fill value) in 0-255, got 511", stderr);
        Assert.Equal(before, ScratchDirectories());
    }

    /// <summary>--image: the run works on a copy; the user's file keeps its bytes.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void The_users_image_is_copied_never_modified()
    {
        using var scratch = new ScratchDirectory();
        var image = scratch.File("user.img");
        File.WriteAllBytes(image, MkfsImage.Build("mkfs.ext4", "-b 4096 -O ^inline_data", 16 << 20,
            dir => TestHost.WriteSparse(Path.Combine(dir, "f"), 100_000, (40_960, 8192))));
        var hash = SHA256.HashData(File.ReadAllBytes(image));
        var script = scratch.File("s.conform");
        File.WriteAllText(script, "conform-script v1\nwrite /f 0 4096 0x5a\npunch /f 40960 4096\ntruncate /f 50000\nwrite /g 0 10 0x01\n");
        var (code, stdout, stderr) = Conform("--image", image, script);
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("step 1 write /f 0 4096 0x5a: size live=100000 model=100000 data same", CliRunner.Lines(stdout));
        Assert.Equal(hash, SHA256.HashData(File.ReadAllBytes(image)));
    }

    private static (int ExitCode, string Stdout, string Stderr) Conform(params string[] args)
    {
        var r = CliRunner.Run(["conform", .. args]);
        var left = TestHost.Leftovers();
        Assert.True(left.Count == 0, "conform left state behind: " + string.Join("; ", left));
        return r;
    }

    private static string[] ScratchDirectories() =>
        Directory.GetDirectories(Path.GetTempPath(), ScratchDirectory.Prefix + "*").Order().ToArray();
}
