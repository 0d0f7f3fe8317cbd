using IomapModel.Conformance.Support;
using IomapModel.Ext4;

namespace IomapModel.Conformance.Ext4;

/// <summary>The ext4 extent scenarios' own checks: the image has the descriptor width and checksum setting asked
/// for, and its files really are what they were made to be (/deep a depth-2 tree, /falloc unwritten extents, /sparse
/// holes at both ends, an htree directory), by debugfs and the kernel, so the general comparisons cover them.</summary>
public abstract class ExtentScenarioTests<TFixture>(TFixture fixture) : ImageConformanceTests<TFixture>(fixture)
    where TFixture : KernelImageFixture
{
    /// <summary>64 with the 64bit feature, 32 without.</summary>
    protected abstract int DescriptorBytes { get; }

    protected abstract bool MetadataCsum { get; }

    /// <summary>The directory of <see cref="HtreeEntries"/> files.</summary>
    protected abstract string HtreeDir { get; }

    protected const int HtreeEntries = 300;

    [LiveFact(Needs.LoopMount)]
    public void Image_has_the_descriptor_width_and_checksums_asked_for()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        Assert.Equal(DescriptorBytes == 64, image.Superblock.Has(Ext4IncompatFeatures.Bit64));
        Assert.Equal(DescriptorBytes, image.Superblock.DescSize);
        Assert.Equal(MetadataCsum, image.Superblock.HasMetadataCsum);
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
        ScenarioChecks.AssertHtree(Image, HtreeDir, HtreeEntries);
}
