using IomapModel.Harness.Conform;
using IomapModel.Conformance.Support;
using IomapModel.Ext4;
using IomapModel.Servers.Fuse2fs;
using IomapModel.IextTree;
using Xunit.Abstractions;

namespace IomapModel.Conformance.Live;

/// <summary>
/// Users' use case 4: a live fuse2fs mount (the real daemon, <c>-o fakeroot</c>) driven through a script of
/// operations and compared, operation by operation, with the model:
/// <list type="number">
/// <item>through the mount after each operation: every file's size and bytes equal its <see cref="ShadowFile"/>;</item>
/// <item>after unmounting (the daemon has exited, the image is complete): <c>e2fsck -fn</c> is clean; the mapper
/// (<see cref="Ext4Image"/>) reads the same sizes and bytes; its extent list equals <c>debugfs dump_extents</c>; and
/// for every block up to the end of the file's allocation, <see cref="Fuse2fsMapping.Begin"/> — the read mapping the
/// model's fuse2fs would answer — has the type the shadow predicts (hole, unwritten, mapped) and points at the block
/// debugfs says holds it;</item>
/// <item>then the image is mounted again for the next operation.</item>
/// </list>
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class Fuse2fsLiveConformanceTests(ITestOutputHelper output)
{
    private const long Bs = 4096;

    /// <summary>Extent files on ext4: writes, overwrite, truncate down and up, fallocate (KEEP_SIZE inside the file and
    /// past EOF, and mode 0 extending the size), aligned and partial punches, a write into an unwritten extent, zero
    /// range (refused by Debian's fuse2fs), a sparse extension far past EOF.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void Ext4_extent_files_follow_the_shadow_model_operation_by_operation() => RunScript("mkfs.ext4", "-b 4096 -O ^inline_data",
    [
        new LiveOp.Write("/a", 0, 10000, 1),
        new LiveOp.Write("/a", 50000, 5000, 2),
        new LiveOp.Write("/a", 2000, 3000, 3),
        new LiveOp.Truncate("/a", 52000),
        new LiveOp.Truncate("/a", 200000),
        new LiveOp.Fallocate("/a", 300000, 40000, KeepSize: true),
        new LiveOp.Fallocate("/a", 100000, 20000, KeepSize: true),
        new LiveOp.PunchHole("/a", 4096, 8192),
        new LiveOp.PunchHole("/a", 20001, 999),
        new LiveOp.Write("/a", 105000, 1000, 4),
        new LiveOp.ZeroRange("/a", 0, 4096),
        new LiveOp.Write("/a", (1 << 20) + 17, 100, 5),
        new LiveOp.Fallocate("/b", 0, 65536, KeepSize: false),
        new LiveOp.Write("/b", 8192, 4096, 6),
        new LiveOp.Truncate("/a", 150000),
        new LiveOp.PunchHole("/b", 0, 65536),
    ], fallocClass: BlockClass.Unwritten);

    /// <summary>Block-mapped files on ext2: fuse2fs's fallocate writes zeroed blocks there (no unwritten state), and
    /// reads go through the indirect-block mapping.</summary>
    [LiveFact(Needs.Fuse2fs)]
    public void Ext2_block_mapped_files_follow_the_shadow_model_operation_by_operation() => RunScript("mkfs.ext2", "-b 4096",
    [
        new LiveOp.Write("/a", 0, 10000, 1),
        new LiveOp.Write("/a", 60 * 4096, 5000, 2),
        new LiveOp.Write("/a", 2000, 3000, 3),
        new LiveOp.Truncate("/a", 62 * 4096 + 5),
        new LiveOp.Truncate("/a", 2000 * 4096),
        new LiveOp.Fallocate("/a", 100 * 4096, 5 * 4096, KeepSize: true),
        new LiveOp.PunchHole("/a", 4096, 4096),
        new LiveOp.Write("/a", 1100 * 4096 + 1, 4096, 4),
        new LiveOp.Truncate("/a", 20 * 4096),
    ], fallocClass: BlockClass.Written);

    private void RunScript(string mkfs, string options, IReadOnlyList<LiveOp> script, BlockClass fallocClass)
    {
        ConformanceEnvironment.Require(Needs.Fuse2fs);
        using var scratch = new ScratchDirectory();
        var image = scratch.File("fs.img");
        File.WriteAllBytes(image, MkfsImage.Build(mkfs, options, 64L << 20, _ => { }));
        var mnt = scratch.Subdirectory("mnt");
        var shadows = new SortedDictionary<string, ShadowFile>(StringComparer.Ordinal);
        for (int step = 0; step < script.Count; step++)
        {
            var op = script[step];
            var what = $"step {step + 1} {op}";
            using (var mount = Fuse2fsMount.Mount(image, mnt))
            {
                int errno = op.Apply(mount.PathOf(op.File));
                Assert.True(op.AllowedErrnos().Contains(errno), $"{what}: errno {errno}, allowed {string.Join(",", op.AllowedErrnos())}");
                if (errno == 0)
                {
                    if (!shadows.TryGetValue(op.File, out var shadow)) shadows[op.File] = shadow = new ShadowFile(Bs);
                    op.Model(shadow);
                }
                else output.WriteLine($"{what}: fuse2fs answered errno {errno}; the model leaves the file unchanged");
                foreach (var (path, shadow) in shadows)
                {
                    var live = File.ReadAllBytes(mount.PathOf(path));
                    Assert.True(new FileInfo(mount.PathOf(path)).Length == shadow.Size, $"{what}: {path} size through fuse2fs {live.Length}, shadow {shadow.Size}");
                    AssertSameBytes($"{what}: {path} through fuse2fs", shadow.Bytes, live);
                }
            }
            CheckImage(image, what, shadows, fallocClass);
        }
    }

    private static void CheckImage(string imagePath, string what, IReadOnlyDictionary<string, ShadowFile> shadows, BlockClass fallocClass)
    {
        E2fsck.AssertClean(imagePath);
        using var image = Ext4Image.Open(imagePath);
        var layouts = shadows.Keys.ToDictionary(p => p, p => image.ReadLayout(image.LookupPath(p)));
        var debugfs = Debugfs.Describe(imagePath, layouts.Select(kv => (kv.Key, kv.Value.Kind == Ext4FileKind.Extents)).ToList());
        var problems = new List<string>();
        foreach (var (path, shadow) in shadows)
        {
            var layout = layouts[path];
            if (layout.Size != shadow.Size) problems.Add($"{path}: mapper size {layout.Size}, shadow {shadow.Size}");
            else AssertSameBytes($"{what}: {path} through the mapper", shadow.Bytes, Ext4FileBytes.Read(image, layout));
            var d = debugfs[path];
            var real = layout.Kind == Ext4FileKind.Extents ? d.Tree!.Leaves : d.Stat.MergedData;
            if (!real.SequenceEqual(layout.Extents))
                problems.Add($"{path}: mapper extents [{ExtentRuns.Show(layout.Extents)}], debugfs [{ExtentRuns.Show(real)}]");
            long end = Math.Max(Math.Max((shadow.Size + Bs - 1) / Bs, shadow.AllocatedEnd), real.Select(e => e.EndBlock).DefaultIfEmpty(0).Max());
            for (long b = 0; b < end; b++)
            {
                var predicted = shadow.ClassOf(b) == BlockClass.Unwritten ? fallocClass : shadow.ClassOf(b);
                var map = Fuse2fsMapping.Begin(layout, image.BlockSize, (ulong)(b * Bs), (ulong)Bs, Ext4ImageDevice.FirstId, Fuse2fsQuirks.Seed);
                var type = predicted switch { BlockClass.Hole => FuseIomapType.Hole, BlockClass.Unwritten => FuseIomapType.Unwritten, _ => FuseIomapType.Mapped };
                var onDisk = real.FirstOrDefault(e => e.LogicalBlock <= b && b < e.EndBlock);
                if (map.Type != type)
                    problems.Add($"{path} block {b}: model predicts {predicted}, fuse2fs's read mapping is {map} (on disk: {(onDisk.Length > 0 ? onDisk.ToString() : "no extent")})");
                else if (type != FuseIomapType.Hole)
                {
                    ulong addr = map.Addr + (ulong)(b * Bs - map.Offset);
                    if (onDisk.Length == 0 || addr != (ulong)((onDisk.PhysicalBlock + b - onDisk.LogicalBlock) * Bs))
                        problems.Add($"{path} block {b}: mapping {map} puts it at byte {addr}, debugfs has it in {(onDisk.Length > 0 ? onDisk.ToString() : "no extent")}");
                }
            }
        }
        Assert.True(problems.Count == 0, $"{what}: after unmount:\n  {string.Join("\n  ", problems.Take(30))}");
    }

    private static void AssertSameBytes(string what, byte[] expected, byte[] actual)
    {
        int n = Math.Min(expected.Length, actual.Length);
        int i = expected.AsSpan(0, n).CommonPrefixLength(actual.AsSpan(0, n));
        Assert.True(i == n && expected.Length == actual.Length,
            $"{what}: differs from the shadow at byte {i} (lengths {actual.Length} vs shadow {expected.Length})");
    }
}
