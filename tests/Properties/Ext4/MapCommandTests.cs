using IomapModel.Ext4;

namespace IomapModel.Properties.Ext4;

/// <summary>The <c>iomapmodel map IMAGE PATH</c> verb, run as a real process on a real mkfs image.</summary>
public sealed class MapCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iomapmodel-map-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string target, Action<byte[]>? damage = null)
    {
        var img = (byte[])Ext4CorruptionImages.Get(target).Image.Clone();
        damage?.Invoke(img);
        var path = Path.Combine(_dir, target + ".img");
        File.WriteAllBytes(path, img);
        return path;
    }

    [Fact]
    public void Map_prints_every_mapping_from_zero_to_eof_holes_included()
    {
        var path = Write("csum-4k");
        Ext4FileLayout layout;
        using (var image = Ext4Image.Open(path)) layout = image.ReadLayout(image.LookupPath("/sparse"));
        const ulong Null = ulong.MaxValue;
        string[] expected =
        [
            $"off=0 len={3 * 4096} addr={layout.Extents[0].PhysicalBlock * 4096} type=2 flags=0 dev=1",
            $"off={3 * 4096} len={37 * 4096} addr={Null} type=0 flags=0 dev=0",
            $"off={40 * 4096} len={2 * 4096} addr={layout.Extents[1].PhysicalBlock * 4096} type=2 flags=0 dev=1",
            $"off={42 * 4096} len={22 * 4096} addr={Null} type=0 flags=0 dev=0",
        ];
        var (code, stdout, stderr) = CliRunner.Run("map", path, "/sparse");
        Assert.True(code == 0, stderr);
        Assert.Equal(expected, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Map_of_a_block_mapped_file_shows_fuse2fs_one_block_holes_unless_intended()
    {
        var path = Write("ext2-1k");
        var seed = CliRunner.Run("map", path, "/ind");
        var intended = CliRunner.Run("map", path, "--intended", "/ind");
        Assert.Equal(0, seed.ExitCode);
        var seedLines = seed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var intendedLines = intended.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // /ind: 12 blocks, an 8-block hole, 300 blocks, an 80-block hole to EOF (1 KiB blocks). The RFC answers each
        // hole block on its own (Q2), so it needs 8 + 80 hole answers where one per hole would do.
        Assert.Equal(8 + 80, seedLines.Count(l => l.Contains("type=0")));
        Assert.Equal(2, intendedLines.Count(l => l.Contains("type=0")));
        Assert.All(seedLines, l => Assert.Contains("flags=8", l));   // FUSE_IOMAP_F_MERGED on every block-map answer
    }

    [Fact]
    public void Map_of_a_corrupt_image_names_the_structure_and_offset_and_exits_2()
    {
        var path = Write("plain-1k", img => img[1024 + 0x38] = 0);
        var (code, stdout, stderr) = CliRunner.Run("map", path, "/sparse");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("superblock at byte 1080 (0x438): bad magic", stderr);
    }

    [Fact]
    public void Map_of_a_missing_path_exits_2()
    {
        var (code, _, stderr) = CliRunner.Run("map", Write("plain-1k"), "/sub/nope");
        Assert.Equal(2, code);
        Assert.Contains("no entry 'nope'", stderr);
    }
}
