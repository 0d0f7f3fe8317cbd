using IomapModel.Ext4;

namespace IomapModel.Properties.Ext4;

/// <summary>A clean image built by mkfs and the byte regions of its metadata that corruptions aim at.</summary>
public sealed record CorruptionTarget(string Name, byte[] Image, IReadOnlyList<(string Kind, long Offset, int Length)> Regions,
    IReadOnlyList<uint> PointerValues);

/// <summary>The real images the corruption tests mutate: with and without metadata_csum, 32- and 64-byte descriptors,
/// 1 KiB and 4 KiB blocks, extent trees of depth 1, an ext2 block map with double-indirect blocks, inline data.
/// Built once per test run (mkfs -d, no root needed).</summary>
public static class Ext4CorruptionImages
{
    private static readonly Lazy<IReadOnlyList<CorruptionTarget>> All = new(Build);

    public static IReadOnlyList<CorruptionTarget> Targets => All.Value;

    public static CorruptionTarget Get(string name) => Targets.Single(t => t.Name == name);

    private static IReadOnlyList<CorruptionTarget> Build() =>
    [
        Target("csum-4k", MkfsImage.Build("mkfs.ext4", "-b 4096", 16 << 20, PopulateExtents(4096))),
        Target("plain-1k", MkfsImage.Build("mkfs.ext4", "-b 1024 -O ^metadata_csum,^64bit", 8 << 20, PopulateExtents(1024))),
        Target("ext2-1k", MkfsImage.Build("mkfs.ext2", "-b 1024", 8 << 20, dir =>
        {
            TestHost.WriteSparse(Path.Combine(dir, "ind"), 400 * 1024, (0, 12 * 1024), (20 * 1024, 300 * 1024));
            TestHost.WriteSparse(Path.Combine(dir, "small"), 3000, (0, 3000));
        })),
        Target("inline-1k", MkfsImage.Build("mkfs.ext4", "-b 1024 -I 256 -O inline_data", 8 << 20, dir =>
        {
            TestHost.WriteSparse(Path.Combine(dir, "tiny"), 40, (0, 40));
            TestHost.WriteSparse(Path.Combine(dir, "spill"), 100, (0, 100));
            Directory.CreateDirectory(Path.Combine(dir, "d"));
            TestHost.WriteSparse(Path.Combine(dir, "d", "x"), 20, (0, 20));
        })),
    ];

    /// <summary>A sparse file, a file of 8 separated blocks (more than the root's 4 slots: extent tree depth 1), a
    /// small file and a file in a subdirectory.</summary>
    private static Action<string> PopulateExtents(int bs) => dir =>
    {
        TestHost.WriteSparse(Path.Combine(dir, "sparse"), 64 * bs, (0, 3 * bs), (40 * bs, 2 * bs));
        TestHost.WriteSparse(Path.Combine(dir, "frag"), 16 * bs, Enumerable.Range(0, 8).Select(i => ((long)i * 2 * bs, bs)).ToArray());
        TestHost.WriteSparse(Path.Combine(dir, "small"), 10, (0, 10));
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        TestHost.WriteSparse(Path.Combine(dir, "sub", "inner"), 5 * bs, (0, 5 * bs));
    };

    private static CorruptionTarget Target(string name, byte[] bytes)
    {
        using var image = Ext4Image.Open(bytes);
        var sb = image.Superblock;
        var regions = new List<(string, long, int)>
        {
            ("superblock", Ext4Superblock.Offset, 0x180),
            ("group descriptors", (sb.FirstDataBlock + 1L) * sb.BlockSize, (int)(sb.GroupCount * sb.DescSize)),
        };
        var pointers = new HashSet<uint> { 0, 1, sb.FirstDataBlock, (uint)sb.BlocksCount - 1, (uint)sb.BlocksCount, uint.MaxValue, 0x8000, 0x8001 };
        foreach (var (ino, _) in Ext4CorruptionWalk.Inodes(image))
        {
            var inode = image.ReadInode(ino);
            regions.Add(($"inode {ino}", inode.ByteOffset, sb.InodeSize));
            var layout = image.ReadLayout(inode);
            foreach (var block in layout.MetadataBlocks)
            {
                regions.Add((layout.Kind == Ext4FileKind.Extents ? $"extent node of inode {ino}" : $"indirect block of inode {ino}",
                    block * sb.BlockSize, (int)Math.Min(sb.BlockSize, 512)));
                pointers.Add((uint)block);
            }
            foreach (var e in layout.Extents)
            {
                pointers.Add((uint)e.LogicalBlock);
                pointers.Add((uint)e.PhysicalBlock);
            }
            if (inode.IsDirectory && layout.Kind != Ext4FileKind.InlineData)
                foreach (var e in layout.Extents)
                    regions.Add(($"directory block of inode {ino}", e.PhysicalBlock * sb.BlockSize, (int)sb.BlockSize));
        }
        return new CorruptionTarget(name, bytes, regions, pointers.Order().ToList());
    }
}
