using IomapModel.Conformance.Support;
using IomapModel.Ext4;

namespace IomapModel.Conformance.Ext4;

/// <summary>ext2, 1 KiB blocks, mounted as ext2: a sparse file whose last blocks sit behind the triple-indirect block
/// (past 12 + 256 + 65536 blocks), plus single- and double-indirect files.</summary>
public sealed class Ext2TripleIndirectFixture : KernelImageFixture
{
    public override long BlockSize => 1024;

    protected override KernelImage Build() => KernelImage.Build("mkfs.ext2", "-b 1024", 16L << 20, "ext2", root =>
    {
        FileLayouts.Sparse(Path.Combine(root, "tind"), 70002L * 1024, 1024, (0, 4), (300, 3), (70000, 2));
        FileLayouts.Sparse(Path.Combine(root, "ind"), 200 * 1024, 1024, (0, 12), (12, 100));
        FileLayouts.Sparse(Path.Combine(root, "dind"), 400 * 1024 + 5, 1024, (2, 2), (290, 20));
    });
}

[Collection(LiveCollection.Name)]
public sealed class Ext2TripleIndirectScenario(Ext2TripleIndirectFixture fixture) : ImageConformanceTests<Ext2TripleIndirectFixture>(fixture), IClassFixture<Ext2TripleIndirectFixture>
{
    protected override string ShowcaseFile => "/dind";

    [LiveFact(Needs.LoopMount)]
    public void Image_is_ext2_without_journal_or_extents()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        Assert.True((image.Superblock.FeatureCompat & 0x4) == 0, "has a journal");
        Assert.False(image.Superblock.Has(Ext4IncompatFeatures.Extents));
    }

    [LiveFact(Needs.LoopMount)]
    public void Files_reach_the_single_double_and_triple_indirect_blocks() =>
        ScenarioChecks.AssertIndirection(Image, ("/ind", "IND"), ("/dind", "DIND"), ("/tind", "TIND"));
}
