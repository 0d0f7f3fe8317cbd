using IomapModel.Ext4;

namespace IomapModel.Properties.Ext4;

/// <summary>Hashed directories are read linearly: their index blocks (dx_root, dx_node) are skipped as entries and
/// checked by their own dx_tail checksum, never as leaf blocks. The kernel-made dx_root, which keeps the stale
/// dirent tail of the linear block it replaced, is covered by the loop-mount tests in tests/Conformance.</summary>
public sealed class HtreeDirectoryTests
{
    private const int Files = 300;
    private static readonly Lazy<byte[]> Image = new(() => MkfsImage.Build("mkfs.ext4", "-b 1024 -O metadata_csum", 8 << 20, src =>
    {
        var big = Directory.CreateDirectory(Path.Combine(src, "big")).FullName;
        for (int i = 0; i < Files; i++) File.WriteAllText(Path.Combine(big, $"entry-{i}"), i.ToString());
    }, indexDirectories: true));

    private static (long BlockOffset, int BlockSize) RootIndexBlock(byte[] img)
    {
        using var image = Ext4Image.Open(img);
        var dir = image.ReadInode(image.LookupPath("/big"));
        Assert.True(dir.IsHtreeIndexed, "e2fsck -D should have indexed /big");
        var layout = image.ReadLayout(dir.Number);
        return (layout.Extents[0].PhysicalBlock * image.Superblock.BlockSize, (int)image.Superblock.BlockSize);
    }

    [Fact]
    public void Every_name_in_an_htree_directory_is_found()
    {
        using var image = Ext4Image.Open(Image.Value);
        var names = image.ReadDirectory(image.LookupPath("/big")).Select(e => e.Name).ToHashSet();
        for (int i = 0; i < Files; i++) Assert.Contains($"entry-{i}", names);
        Assert.Equal(Files + 2, names.Count);
        var layout = image.ReadLayout(image.LookupPath("/big/entry-299"));
        Assert.Equal(3, layout.Size);
    }

    [Fact]
    public void A_damaged_dx_root_is_rejected_at_its_checksum()
    {
        var img = (byte[])Image.Value.Clone();
        var (at, blockSize) = RootIndexBlock(img);
        img[at + 0x28] ^= 0x40; // a hash in the first dx_entry after the root's count/limit
        var e = Assert.Throws<Ext4CorruptionException>(() =>
        {
            using var image = Ext4Image.Open(img);
            image.ReadDirectory(image.LookupPath("/big"));
        });
        Assert.StartsWith("directory block 0 of inode", e.Structure);
        Assert.Contains("htree checksum", e.Problem);
        Assert.InRange(e.ByteOffset, at, at + blockSize - 4);
    }
}
