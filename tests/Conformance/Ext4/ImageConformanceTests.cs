using IomapModel.Conformance.Support;
using IomapModel.Ext4;

namespace IomapModel.Conformance.Ext4;

/// <summary>
/// The checks every kernel-populated image gets, for every regular file and directory in it. Each scenario (a derived
/// class) supplies the image through its fixture and adds checks that the image really has the feature it is about
/// (depth-2 trees, unwritten extents, htree, 32-byte descriptors, triple-indirect blocks, ...).
/// </summary>
public abstract class ImageConformanceTests<TFixture>(TFixture fixture) where TFixture : KernelImageFixture
{
    protected KernelImage Image => fixture.Image;

    protected long BlockSize => fixture.BlockSize;

    protected static Ext4FileLayout Layout(Ext4Image image, string path) => image.ReadLayout(image.LookupPath(path));

    private IReadOnlyDictionary<string, DebugfsFileReport> DebugfsReports(Ext4Image image) =>
        Debugfs.Describe(Image.ImagePath, Image.Files.Select(f => (f.Path, Layout(image, f.Path).Kind == Ext4FileKind.Extents)).ToList());

    /// <summary>Mapper vs debugfs, exactly: extent trees against dump_extents (every leaf: logical, physical, length,
    /// unwritten; the depth; the node blocks) and stat's EXTENTS list; block maps against stat's BLOCKS list (data runs
    /// joined where contiguous, IND/DIND/TIND blocks); both against <c>blocks</c> (every block the inode owns); kind,
    /// size and inline size against stat's header.</summary>
    [LiveFact(Needs.LoopMount)]
    public void Every_file_layout_equals_debugfs()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        Assert.Equal((uint)BlockSize, image.BlockSize);
        var reports = DebugfsReports(image);
        foreach (var file in Image.Files)
        {
            var layout = Layout(image, file.Path);
            var d = reports[file.Path];
            var where = $"{file.Path} (inode {layout.Ino})";
            Assert.True(d.Stat.Kind == layout.Kind, $"{where}: mapper kind {layout.Kind}, debugfs flags 0x{d.Stat.Flags:x}");
            Assert.True(d.Stat.Size == layout.Size, $"{where}: mapper size {layout.Size}, debugfs {d.Stat.Size}");
            switch (layout.Kind)
            {
                case Ext4FileKind.Extents:
                    AssertSame(where, "dump_extents", d.Tree!.Leaves, layout.Extents);
                    AssertSame(where, "stat EXTENTS", d.Stat.Data, layout.Extents);
                    Assert.True(d.Tree.Depth == layout.TreeDepth, $"{where}: mapper depth {layout.TreeDepth}, debugfs {d.Tree.Depth}");
                    Assert.True(d.Tree.NodeBlocks.Order().SequenceEqual(layout.MetadataBlocks.Order()),
                        $"{where}: tree nodes mapper [{string.Join(',', layout.MetadataBlocks)}], debugfs [{string.Join(',', d.Tree.NodeBlocks)}]");
                    break;
                case Ext4FileKind.BlockMapped:
                    AssertSame(where, "stat BLOCKS (joined)", d.Stat.MergedData, layout.Extents);
                    var meta = d.Stat.Metadata.Select(m => m.Block).Order().ToList();
                    Assert.True(meta.SequenceEqual(layout.MetadataBlocks.Order()),
                        $"{where}: indirect blocks mapper [{string.Join(',', layout.MetadataBlocks)}], debugfs [{string.Join(',', d.Stat.Metadata)}]");
                    break;
                case Ext4FileKind.InlineData:
                    Assert.Empty(layout.Extents);
                    Assert.True(d.Stat.InlineSize == layout.InlineSize, $"{where}: inline size mapper {layout.InlineSize}, debugfs {d.Stat.InlineSize}");
                    break;
            }
            var owned = layout.Extents.SelectMany(e => Enumerable.Range(0, (int)e.Length).Select(i => e.PhysicalBlock + i))
                .Concat(layout.MetadataBlocks).Order().ToList();
            Assert.True(d.Blocks.Order().SequenceEqual(owned), $"{where}: debugfs blocks lists {d.Blocks.Count} blocks, the mapper's layout owns {owned.Count}");
        }
    }

    /// <summary>Mapper vs the kernel's FIEMAP, taken through the loop mount before unmounting: the same extents
    /// (runs joined where contiguous on both sides, since ext4's FIEMAP may split or join on-disk extents), the same
    /// unwritten flags; inline files are one FIEMAP extent flagged inline at the inode's i_block.</summary>
    [LiveFact(Needs.LoopMount)]
    public void Every_file_layout_equals_kernel_fiemap()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        foreach (var file in Image.Files)
        {
            var layout = Layout(image, file.Path);
            var where = $"{file.Path} (inode {layout.Ino})";
            Assert.True(file.Fiemap.FileSize == layout.Size, $"{where}: kernel size {file.Fiemap.FileSize}, mapper {layout.Size}");
            if (layout.Kind == Ext4FileKind.InlineData)
            {
                if (layout.Size == 0) { Assert.Empty(file.Fiemap.Extents); continue; }
                var only = Assert.Single(file.Fiemap.Extents);
                Assert.True(only.Inline, $"{where}: FIEMAP {only} is not flagged inline");
                Assert.Equal(layout.Size, only.Length);
                Assert.True(only.Physical == image.ReadInode(layout.Ino).ByteOffset + 0x28,
                    $"{where}: FIEMAP puts the inline data at byte {only.Physical}, the mapper's inode {layout.Ino} i_block is at {image.ReadInode(layout.Ino).ByteOffset + 0x28}");
                continue;
            }
            Assert.DoesNotContain(file.Fiemap.Extents, e => e.Inline);
            var kernel = ExtentRuns.Merge(file.Fiemap.Extents.Select(e => new Ext4Extent(e.Logical, e.Length, e.Physical, e.Unwritten)));
            AssertSame(where, "kernel FIEMAP (joined)", kernel, ExtentRuns.Merge(layout.Extents));
        }
    }

    /// <summary><c>iomapmodel map IMAGE PATH</c> (the command's entry point, in process) for every file against the
    /// answers derived from debugfs's extent list by fuse2fs's rules (<see cref="ExpectedMapLines"/>): every line, holes
    /// included, up to EOF.</summary>
    [LiveFact(Needs.LoopMount)]
    public void Map_command_prints_the_answers_derived_from_debugfs()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        var reports = DebugfsReports(image);
        foreach (var file in Image.Files)
        {
            var d = reports[file.Path];
            var extents = d.Stat.Kind == Ext4FileKind.Extents ? d.Tree!.Leaves : d.Stat.MergedData;
            var expected = ExpectedMapLines.For(d.Stat.Kind, file.Size, BlockSize, extents);
            var (code, stdout, stderr) = CliRunner.Run("map", Image.ImagePath, file.Path);
            Assert.True(code == 0, $"map {file.Path} exited {code}: {stderr}");
            var actual = CliRunner.Lines(stdout);
            Assert.True(expected.SequenceEqual(actual),
                $"map {file.Path}:\nexpected (from debugfs)\n  {string.Join("\n  ", expected.Take(40))}\nactual\n  {string.Join("\n  ", actual.Take(40))}");
        }
    }

    /// <summary>The real <c>iomapmodel</c> process on the scenario's most interesting file prints what the in-process
    /// entry point prints.</summary>
    [LiveFact(Needs.LoopMount)]
    public void Map_command_process_prints_the_same_as_in_process()
    {
        var path = ShowcaseFile;
        var process = CliRunner.Run("map", Image.ImagePath, path);
        var inProcess = CliRunner.Run("map", Image.ImagePath, path);
        Assert.True(process.ExitCode == 0, process.Stderr);
        Assert.Equal(CliRunner.Lines(inProcess.Stdout), CliRunner.Lines(process.Stdout));
    }

    /// <summary>The file <see cref="Map_command_process_prints_the_same_as_in_process"/> runs the real command on.</summary>
    protected abstract string ShowcaseFile { get; }

    /// <summary>The bytes the mapper's layout points at (zeros for holes and unwritten extents) equal the bytes the
    /// kernel read through the mount.</summary>
    [LiveFact(Needs.LoopMount)]
    public void Every_file_reads_the_kernels_bytes_through_the_mapper()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        foreach (var file in Image.Files)
        {
            var layout = Layout(image, file.Path);
            if (layout.Kind == Ext4FileKind.InlineData && layout.Size > 60) continue;   // system.data part not exposed
            var bytes = Ext4FileBytes.Read(image, layout);
            int diff = FirstDifference(file.Content, bytes);
            Assert.True(diff < 0, $"{file.Path}: the mapper's bytes differ from the kernel's at byte {diff} (sizes {bytes.Length}, {file.Content.Length})");
        }
    }

    /// <summary>Every path looks up (through linear, htree and inline directories) to the kernel's inode number, and
    /// every directory lists exactly the kernel's names.</summary>
    [LiveFact(Needs.LoopMount)]
    public void Every_path_looks_up_to_the_kernels_inode_and_directories_list_the_kernels_names()
    {
        using var image = Ext4Image.Open(Image.ImagePath);
        foreach (var file in Image.Files)
            Assert.True(image.LookupPath(file.Path) == file.Ino, $"{file.Path}: mapper inode {image.LookupPath(file.Path)}, kernel {file.Ino}");
        foreach (var (dir, names) in Image.Directories)
        {
            var listed = image.ReadDirectory(image.LookupPath(dir)).Select(e => e.Name).Where(n => n is not ("." or "..")).Order(StringComparer.Ordinal);
            Assert.Equal(names, listed);
        }
    }

    [LiveFact(Needs.LoopMount)]
    public void Image_is_clean_for_e2fsck() => TestHost.AssertClean(Image.ImagePath);

    protected static void AssertSame(string where, string what, IReadOnlyList<Ext4Extent> expected, IReadOnlyList<Ext4Extent> mapper) =>
        Assert.True(expected.SequenceEqual(mapper),
            $"{where}: {what} has {expected.Count} extents [{ExtentRuns.Show(expected.Take(20))}], the mapper {mapper.Count} [{ExtentRuns.Show(mapper.Take(20))}]");

    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        int i = a.AsSpan(0, n).CommonPrefixLength(b.AsSpan(0, n));
        return i < n || a.Length != b.Length ? i : -1;
    }
}
