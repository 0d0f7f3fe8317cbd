
namespace IomapModel.Properties.Ext4;

/// <summary>The real image the server tests run on, built once per test run: 32 MiB of 1 KiB blocks in four groups
/// (group 1 BLOCK_UNINIT, flex_bg, a journal), holding a 300 KiB file, a sparse file and a small file whose blocks
/// the allocator must never hand out. Also the blocks e2fsprogs itself calls free.</summary>
public static class Ext4ServerImages
{
    private static readonly Lazy<(byte[] Image, HashSet<long> Free)> Multi = new(() =>
    {
        var bytes = MkfsImage.Build("mkfs.ext4", "-b 1024", 32 << 20, dir =>
        {
            TestHost.WriteSparse(Path.Combine(dir, "big"), 300 * 1024, (0, 300 * 1024));
            TestHost.WriteSparse(Path.Combine(dir, "sparse"), 200 * 1024, (8 * 1024, 4 * 1024), (100 * 1024, 20 * 1024));
            TestHost.WriteSparse(Path.Combine(dir, "small"), 700, (0, 700));
        });
        return (bytes, Dumpe2fs.FreeBlocks(bytes));
    });

    /// <summary>The image bytes (do not modify).</summary>
    public static byte[] Image => Multi.Value.Image;

    /// <summary>Blocks free in the image according to dumpe2fs.</summary>
    public static IReadOnlySet<long> FreeBlocks => Multi.Value.Free;
}
