using IomapModel.Conformance.Support;
using IomapModel.Ext4;

namespace IomapModel.Conformance.Ext4;

/// <summary>ext4 with inline_data and metadata_csum, 4 KiB blocks: files whose bytes live in i_block (up to 60 bytes)
/// or also in the system.data xattr, an inline directory, and a file just too large to stay inline.</summary>
public sealed class Ext4InlineFixture : KernelImageFixture
{
    public override long BlockSize => 4096;

    protected override KernelImage Build() => KernelImage.Build("mkfs.ext4", "-b 4096 -I 256 -O inline_data,metadata_csum", 32L << 20, "ext4", root =>
    {
        File.WriteAllText(Path.Combine(root, "tiny"), "hello world");
        FileLayouts.Sparse(Path.Combine(root, "sixty"), 60, 1, (0, 60));
        FileLayouts.Sparse(Path.Combine(root, "xattr"), 100, 1, (0, 100));
        FileLayouts.Sparse(Path.Combine(root, "bigger"), 5000, 1, (0, 5000));
        Directory.CreateDirectory(Path.Combine(root, "idir"));
        File.WriteAllText(Path.Combine(root, "idir", "a"), "a\n");
        File.WriteAllText(Path.Combine(root, "idir", "b"), "bb\n");
    });
}

[Collection(LiveCollection.Name)]
public sealed class Ext4InlineScenario(Ext4InlineFixture fixture) : ImageConformanceTests<Ext4InlineFixture>(fixture), IClassFixture<Ext4InlineFixture>
{
    protected override string ShowcaseFile => "/tiny";

    [LiveFact(Needs.LoopMount)]
    public void Small_files_and_the_small_directory_are_inline_and_map_as_inline()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        foreach (var path in new[] { "/tiny", "/sixty", "/xattr" })
        {
            Assert.Equal(Ext4FileKind.InlineData, image.ReadLayout(image.LookupPath(path)).Kind);
            Assert.True(Image.File(path).Fiemap.Extents.Single().Inline, $"{path}: FIEMAP does not say inline");
            Assert.Equal([$"off=0 len=4096 addr={ulong.MaxValue} type=4 flags=0 dev=0"], CliRunner.Lines(CliRunner.Run("map", Image.ImagePath, path).Stdout));
        }
        Assert.True(image.ReadLayout(image.LookupPath("/xattr")).InlineSize > 60, "/xattr should spill into system.data");
        Assert.Equal(Ext4FileKind.Extents, image.ReadLayout(image.LookupPath("/bigger")).Kind);
        Assert.True(image.ReadInode(image.LookupPath("/idir")).HasInlineData, "/idir should be an inline directory");
    }
}
