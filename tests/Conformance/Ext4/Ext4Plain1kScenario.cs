using IomapModel.Conformance.Support;

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
public sealed class Ext4Plain1kScenario(Ext4Plain1kFixture fixture) : ExtentScenarioTests<Ext4Plain1kFixture>(fixture), IClassFixture<Ext4Plain1kFixture>
{
    protected override string ShowcaseFile => "/sparse";

    protected override int DescriptorBytes => 32;

    protected override bool MetadataCsum => false;

    protected override string HtreeDir => "/htree";
}
