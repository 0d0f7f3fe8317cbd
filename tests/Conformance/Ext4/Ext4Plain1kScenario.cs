using IomapModel.Conformance.Support;
using IomapModel.Ext4Mapper;

namespace IomapModel.Conformance.Ext4;

/// <summary>ext4, 1 KiB blocks, no 64bit (32-byte group descriptors), no metadata_csum: the same kinds of files as
/// the 4 KiB image at the other block size and descriptor width.</summary>
public sealed class Ext4Plain1kFixture : KernelImageFixture
{
    public override long BlockSize => 1024;

    protected override KernelImage Build() => KernelImage.Build("mkfs.ext4", "-b 1024 -O ^64bit,^metadata_csum,^inline_data", 32L << 20, "ext4", root =>
    {
        FileLayouts.Sparse(Path.Combine(root, "sparse"), 50 * 1024 + 1, 1024, (5, 7), (30, 2));
        FileLayouts.FallocatedThenPartlyWritten(Path.Combine(root, "falloc"), 1024, 200, 50, 10, 30);
        FileLayouts.Sparse(Path.Combine(root, "plain"), 70_000, 1, (0, 70_000));
        File.WriteAllBytes(Path.Combine(root, "empty"), []);
        FileLayouts.EveryOtherBlockPunched(Path.Combine(root, "deep"), 1000, 1024);
        FileLayouts.ManyFiles(Path.Combine(root, "htree"), 300);
    });
}

[Collection(LiveCollection.Name)]
public sealed class Ext4Plain1kScenario(Ext4Plain1kFixture fixture) : ImageConformanceTests<Ext4Plain1kFixture>(fixture), IClassFixture<Ext4Plain1kFixture>
{
    protected override string ShowcaseFile => "/sparse";

    [LiveFact(Needs.LoopMount)]
    public void Image_has_32_byte_descriptors_and_no_checksums()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        Assert.False(image.Superblock.Has(Ext4IncompatFeatures.Bit64));
        Assert.Equal(32, image.Superblock.DescSize);
        Assert.False(image.Superblock.HasMetadataCsum);
    }

    [LiveFact(Needs.LoopMount)]
    public void Punched_file_has_a_depth_2_tree_by_debugfs_and_mapper() =>
        ScenarioChecks.AssertDepth(Image, "/deep", 2);

    [LiveFact(Needs.LoopMount)]
    public void Fallocated_file_is_unwritten_in_fiemap_mapper_and_map_lines() =>
        ScenarioChecks.AssertUnwritten(Image, "/falloc");

    [LiveFact(Needs.LoopMount)]
    public void Sparse_file_has_holes_at_start_and_end() =>
        ScenarioChecks.AssertHolesAtBothEnds(Image, "/sparse", BlockSize);

    [LiveFact(Needs.LoopMount)]
    public void Directory_of_300_entries_is_an_htree() =>
        ScenarioChecks.AssertHtree(Image, "/htree", 300);
}
