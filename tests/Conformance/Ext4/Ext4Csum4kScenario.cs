using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Ext4;

/// <summary>ext4, 4 KiB blocks, 64bit (64-byte group descriptors), metadata_csum: a sparse file with holes at both
/// ends, a fallocated file with written and unwritten extents (and one past EOF), a plain file, an empty file, a file
/// fragmented into a depth-2 extent tree, and an htree directory of 300 entries.</summary>
public sealed class Ext4Csum4kFixture : KernelImageFixture
{
    public override long BlockSize => 4096;

    protected override KernelImage Build() => KernelImage.Build("mkfs.ext4", "-b 4096 -O 64bit,metadata_csum,^inline_data", 64L << 20, "ext4", root =>
    {
        FileLayouts.Sparse(Path.Combine(root, "sparse"), 20 * 4096 + 100, 4096, (3, 3), (10, 1));
        FileLayouts.FallocatedThenPartlyWritten(Path.Combine(root, "falloc"), 4096, 64, 8, 2, 16);
        FileLayouts.Sparse(Path.Combine(root, "plain"), 100_000, 1, (0, 100_000));
        File.WriteAllBytes(Path.Combine(root, "empty"), []);
        FileLayouts.EveryOtherBlockPunched(Path.Combine(root, "deep"), 3000, 4096);
        FileLayouts.ManyFiles(Path.Combine(root, "dir", "htree"), 300);
        Directory.CreateDirectory(Path.Combine(root, "dir", "nested"));
        File.WriteAllText(Path.Combine(root, "dir", "nested", "file"), "nested\n");
    });
}

[Collection(LiveCollection.Name)]
public sealed class Ext4Csum4kScenario(Ext4Csum4kFixture fixture) : ExtentScenarioTests<Ext4Csum4kFixture>(fixture), IClassFixture<Ext4Csum4kFixture>
{
    protected override string ShowcaseFile => "/falloc";

    protected override int DescriptorBytes => 64;

    protected override bool MetadataCsum => true;

    protected override string HtreeDir => "/dir/htree";
}
