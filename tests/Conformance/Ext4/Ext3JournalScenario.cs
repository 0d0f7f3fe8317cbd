using IomapModel.Conformance.Support;
using IomapModel.Ext4;

namespace IomapModel.Conformance.Ext4;

/// <summary>ext3 (has_journal, block-mapped files), 4 KiB blocks, mounted as ext3: direct blocks only, a file reaching
/// into the single-indirect block past a hole, one reaching the double-indirect block, and a sparse file.</summary>
public sealed class Ext3JournalFixture : KernelImageFixture
{
    public override long BlockSize => 4096;

    protected override KernelImage Build() => KernelImage.Build("mkfs.ext3", "-b 4096", 32L << 20, "ext3", root =>
    {
        FileLayouts.Sparse(Path.Combine(root, "direct"), 5 * 4096 + 10, 1, (0, 5 * 4096 + 10));
        FileLayouts.Sparse(Path.Combine(root, "ind"), 130 * 4096, 4096, (0, 12), (20, 100));
        FileLayouts.Sparse(Path.Combine(root, "dind"), 2010 * 4096, 4096, (0, 1), (2000, 2));
        FileLayouts.Sparse(Path.Combine(root, "sparse"), 40 * 4096 + 7, 4096, (4, 3), (20, 1));
        File.WriteAllBytes(Path.Combine(root, "empty"), []);
    });
}

[Collection(LiveCollection.Name)]
public sealed class Ext3JournalScenario(Ext3JournalFixture fixture) : ImageConformanceTests<Ext3JournalFixture>(fixture), IClassFixture<Ext3JournalFixture>
{
    protected override string ShowcaseFile => "/ind";

    [LiveFact(Needs.LoopMount)]
    public void Image_has_a_journal_and_every_file_is_block_mapped()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        Assert.True((image.Superblock.FeatureCompat & 0x4) != 0, "no has_journal");
        Assert.False(image.Superblock.Has(Ext4IncompatFeatures.Extents));
        foreach (var f in Image.Files)
            Assert.Equal(Ext4FileKind.BlockMapped, image.ReadLayout(image.LookupPath(f.Path)).Kind);
    }

    [LiveFact(Needs.LoopMount)]
    public void Files_reach_the_indirect_and_double_indirect_blocks() =>
        ScenarioChecks.AssertIndirection(Image, ("/ind", "IND"), ("/dind", "DIND"));

    [LiveFact(Needs.LoopMount)]
    public void Sparse_file_has_holes_at_start_and_end() =>
        ScenarioChecks.AssertHolesAtBothEnds(Image, "/sparse", BlockSize);
}
