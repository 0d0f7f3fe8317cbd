using IomapModel.Conformance.Support;
using IomapModel.Ext4;

namespace IomapModel.Conformance.Ext4;

/// <summary>Checks that a scenario's image really has the feature a file was made for, by debugfs and by the kernel,
/// so that the general comparisons are known to cover it.</summary>
public static class ScenarioChecks
{
    public static void AssertDepth(KernelImage image, string path, int depth)
    {
        var tree = Debugfs.DumpExtents(image.ImagePath, path);
        Assert.True(tree.Depth == depth, $"{path}: debugfs says depth {tree.Depth}, the scenario wanted {depth}");
        using var img = Ext4Image.Open(image.ImagePath);
        Assert.Equal(depth, img.ReadLayout(img.LookupPath(path)).TreeDepth);
    }

    public static void AssertUnwritten(KernelImage image, string path)
    {
        var file = image.File(path);
        Assert.Contains(file.Fiemap.Extents, e => e.Unwritten);
        Assert.Contains(file.Fiemap.Extents, e => !e.Unwritten);
        using var img = Ext4Image.Open(image.ImagePath);
        var layout = img.ReadLayout(img.LookupPath(path));
        Assert.Contains(layout.Extents, e => e.Unwritten);
        Assert.Contains(layout.Extents, e => e.Unwritten && e.LogicalBlock * img.BlockSize >= layout.Size);   // past EOF (KEEP_SIZE)
        var lines = CliRunner.Lines(CliRunner.Run("map", image.ImagePath, path).Stdout);
        Assert.Contains(lines, l => l.Contains(" type=3 "));
        Assert.Contains(lines, l => l.Contains(" type=2 "));
    }

    public static void AssertHolesAtBothEnds(KernelImage image, string path, long bs)
    {
        var file = image.File(path);
        Assert.True(file.Fiemap.Extents[0].Logical > 0, $"{path}: FIEMAP starts at block 0, no hole at the start");
        var last = file.Fiemap.Extents[^1];
        Assert.True((last.Logical + last.Length) * bs < file.Size, $"{path}: FIEMAP's last extent reaches EOF, no hole at the end");
        var lines = CliRunner.Lines(CliRunner.Run("map", image.ImagePath, path).Stdout);
        Assert.StartsWith("off=0 ", lines[0]);
        Assert.Contains(" type=0 ", lines[0]);
        Assert.Contains(" type=0 ", lines[^1]);
    }

    public static void AssertHtree(KernelImage image, string path, int entries)
    {
        var stat = StatBlocksParser.Parse(Debugfs.Run(image.ImagePath, $"stat {path}"), $"debugfs stat {path}");
        Assert.True((stat.Flags & 0x1000) != 0, $"{path}: debugfs flags 0x{stat.Flags:x} lack INDEX_FL, not an htree");
        using var img = Ext4Image.Open(image.ImagePath);
        var ino = img.LookupPath(path);
        Assert.True(img.ReadInode(ino).IsHtreeIndexed);
        Assert.Equal(entries, img.ReadDirectory(ino).Count(e => e.Name is not ("." or "..")));
        foreach (var name in image.Directories[path].Where((_, i) => i % 37 == 0))
            Assert.Equal(image.File($"{path}/{name}").Ino, img.LookupPath($"{path}/{name}"));
    }

    /// <summary>debugfs lists an indirect block of each given kind (IND, DIND, TIND) for each file, and the mapper's
    /// metadata blocks include it.</summary>
    public static void AssertIndirection(KernelImage image, params (string Path, string Kind)[] files)
    {
        using var img = Ext4Image.Open(image.ImagePath);
        foreach (var (path, kind) in files)
        {
            var stat = StatBlocksParser.Parse(Debugfs.Run(image.ImagePath, $"stat {path}"), $"debugfs stat {path}");
            var hit = stat.Metadata.Where(m => m.Kind == kind).ToList();
            Assert.True(hit.Count > 0, $"{path}: debugfs lists no {kind} block ({string.Join(", ", stat.Metadata)})");
            var layout = img.ReadLayout(img.LookupPath(path));
            Assert.Equal(Ext4FileKind.BlockMapped, layout.Kind);
            Assert.Contains(hit[0].Block, layout.MetadataBlocks);
        }
    }
}
