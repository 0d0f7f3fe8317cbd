using IomapModel.Ext4;
using IomapModel.Harness.Host;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Properties.Ext4;

/// <summary>
/// <c>extent_fallocate</c> for a range left of the file's first extent, the model against libext2fs. The RFC's fuse2fs
/// links e2fsprogs master of 2025-07-17, which has 149805bf ("fix bounding error in the extent fallocate code", June
/// 2025): the helper gets <c>min(len, gap)</c> blocks, the first extent as right neighbour, and the walk starts again.
/// Debian 12's libext2fs (1.47.0, the live daemon's and this machine's debugfs) asks for the whole gap instead.
/// The expected layouts were read with <c>debugfs -w -R "fallocate /f 0 0"</c> built from e2fsprogs fb9b2e7 (master of
/// 2025-07-17; debugfs calls <c>ext2fs_fallocate(INIT_BEYOND_EOF)</c>, as fuse2fs's mode-0 fallocate does); set
/// <c>IOMAPMODEL_RFC_DEBUGFS</c> to such a debugfs to compare against it directly. Blocks: 1 KiB.
/// </summary>
public sealed class ExtentFallocateGapTests
{
    private const int K = 1024;

    /// <summary>File /f, 41 KiB: block 40 written by mkfs -d; with <paramref name="unwrittenFirst"/> a hole there,
    /// then made an unwritten extent by <c>debugfs fallocate /f 40 40</c> (not left of anything: both library
    /// versions agree).</summary>
    private static byte[] Image(bool unwrittenFirst)
    {
        var image = MkfsImage.Build("mkfs.ext4", "-b 1024 -O ^inline_data", 8L << 20, dir =>
            TestHost.WriteSparse(Path.Combine(dir, "f"), 41 * K, unwrittenFirst ? [] : [(40 * K, K)]));
        return unwrittenFirst ? Debugfs("debugfs", image, "fallocate /f 40 40") : image;
    }

    private static string Layout(IEnumerable<Ext4Extent> extents) =>
        string.Join(" ", extents.Select(e => $"{e.LogicalBlock}+{e.Length}@{e.PhysicalBlock}{(e.Unwritten ? "u" : "")}"));

    private static string Model(byte[] image, Fuse2fsQuirks quirks)
    {
        using var img = Ext4Image.Open(image);
        var server = new Ext4Server(img, quirks);
        Assert.Equal(0, server.Lookup("f", out var attr));
        Assert.Equal(0, server.Fallocate(attr.NodeId, 0, 0, K));   // mode 0: ext2fs_fallocate(INIT_BEYOND_EOF), like debugfs
        return Layout(server.File(attr.NodeId).Extents);
    }

    private static byte[] Debugfs(string debugfs, byte[] image, string command)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("fs.img");
        File.WriteAllBytes(path, image);
        var r = TestHost.Checked(debugfs, "-w", "-R", command, path);
        Assert.True(r.Stderr.Split('\n').All(l => l.Length == 0 || l.StartsWith("debugfs ", StringComparison.Ordinal)), r.Stderr);
        return File.ReadAllBytes(path);
    }

    private static string Layout(byte[] image)
    {
        using var img = Ext4Image.Open(image);
        return Layout(img.ReadLayout(img.LookupPath("/f")).Extents);
    }

    [Theory]
    [InlineData(false, "0+1@1619u 40+1@1618", "0+40@1619u 40+1@1618")]
    [InlineData(true, "0+41@1618u", "0+41@1618u")]
    public void A_one_block_fallocate_at_block_0_allocates_what_the_RFCs_libext2fs_does(bool unwrittenFirst, string rfc, string debian)
    {
        var image = Image(unwrittenFirst);
        Assert.Equal(rfc, Model(image, Fuse2fsQuirks.Seed));
        // The written first extent: only block 0 (the RFC's library); the unwritten one is prepended to, one block per
        // pass of start_again, down to block 0 (finding F11). Intended: only block 0 either way.
        Assert.Equal(unwrittenFirst ? "0+1@1618u 40+1@1658u" : rfc, Model(image, Fuse2fsQuirks.Intended));
        // Debian 12's libext2fs (1.47.0), which the live classic fuse2fs runs: the whole gap in both cases.
        Assert.Equal(debian, Layout(Debugfs("debugfs", image, "fallocate /f 0 0")));
        if (Environment.GetEnvironmentVariable("IOMAPMODEL_RFC_DEBUGFS") is { Length: > 0 } rfcDebugfs)
            Assert.Equal(rfc, Layout(Debugfs(rfcDebugfs, image, "fallocate /f 0 0")));
    }
}
