using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using IomapModel.Ext4;
using IomapModel.KernelSim.Kernel;
using IomapModel.Properties.KernelSim;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Properties.Ext4;

/// <summary><see cref="Ext4Server"/> on real mkfs images: its read answers, real file data through the kernel,
/// unwritten extents from fallocate, and an image file that stays byte for byte the same.</summary>
public sealed class Ext4ServerTests
{
    /// <summary>Every regular file in the root directory of every test image, answered at every half block up to
    /// three blocks past EOF, for reads and for reports: the server's reply is Fuse2fsMapping's answer.</summary>
    [Fact]
    public void Read_mappings_of_untouched_files_are_fuse2fs_answers()
    {
        int compared = 0;
        var images = Ext4CorruptionImages.Targets.Select(t => t.Image).Append(Ext4ServerImages.Image);
        foreach (var bytes in images)
            foreach (var quirks in new[] { Fuse2fsQuirks.Seed, Fuse2fsQuirks.Intended })
            {
                using var image = Ext4Image.Open(bytes);
                var server = new Ext4Server(image, quirks, cacheIomaps: false);
                uint bs = image.BlockSize;
                foreach (var entry in image.ReadDirectory(Ext4Image.RootIno).Where(e => image.ReadInode(e.Ino).IsRegular))
                {
                    Assert.Equal(0, server.Lookup(entry.Name, out var attr));
                    var layout = image.ReadLayout(entry.Ino);
                    for (ulong pos = 0; pos < (ulong)layout.Size + 3 * bs; pos += bs / 2)
                        foreach (var op in new[] { FuseIomapOp.None, FuseIomapOp.Report, FuseIomapOp.Direct })
                        {
                            var want = Fuse2fsMapping.Begin(layout, bs, pos, 3 * bs, server.Device.Id, quirks);
                            Assert.Equal(0, server.IomapBegin(attr.NodeId, new FuseIomapBeginIn(op, attr.Ino, pos, 3 * bs), out var got));
                            Assert.Equal((want.Offset, want.Length, want.Addr, want.Type, want.Flags, want.Dev),
                                ((long)got.Offset, got.Length, got.ReadAddr, got.ReadType, got.ReadFlags, got.ReadDev));
                            Assert.Equal(FuseIomapType.PureOverwrite, got.WriteType);
                            compared++;
                        }
                }
                Assert.Equal(0, server.Device.DirtyBlocks);
            }
        Assert.True(compared > 1000, $"only {compared} answers compared");
    }

    /// <summary>The in-memory block bitmap (read bitmaps, BLOCK_UNINIT groups worked out from their metadata) agrees
    /// with dumpe2fs on every block of every test image.</summary>
    [Fact]
    public void The_block_bitmap_matches_dumpe2fs()
    {
        var images = Ext4CorruptionImages.Targets.Select(t => (t.Image, (IReadOnlySet<long>)Support.Dumpe2fs.FreeBlocks(t.Image)))
            .Append((Ext4ServerImages.Image, Ext4ServerImages.FreeBlocks));
        foreach (var (bytes, free) in images)
        {
            using var image = Ext4Image.Open(bytes);
            Assert.Contains(image.Groups, g => g.BlockBitmapUninit || bytes != Ext4ServerImages.Image);
            var bitmap = Ext4BlockBitmap.Load(image);
            var wrong = Enumerable.Range(0, (int)image.Superblock.BlocksCount).Where(b => bitmap.InUse((ulong)b) == free.Contains(b)).Take(5).ToList();
            Assert.True(wrong.Count == 0, $"blocks whose state differs from dumpe2fs: {string.Join(",", wrong)}");
            Assert.Equal((ulong)free.Count, bitmap.FreeCount);
        }
    }

    /// <summary>Through the kernel with the cache on, the image's files read back as mkfs wrote them.</summary>
    [Fact]
    public void Existing_files_read_through_the_kernel_return_the_bytes_mkfs_stored()
    {
        using var image = Ext4Image.Open(Ext4ServerImages.Image);
        var server = new Ext4Server(image);
        var kernel = new SimKernel(server);
        foreach (var (name, size, ranges) in new[]
                 {
                     ("big", 300 * 1024, new[] { (0L, 300 * 1024) }),
                     ("sparse", 200 * 1024, new[] { (8L * 1024, 4 * 1024), (100L * 1024, 20 * 1024) }),
                     ("small", 700, new[] { (0L, 700) }),
                 })
        {
            var ino = kernel.CreateFile(name);
            var r = kernel.Run(res => kernel.BufferedRead(ino, 0, size + 100, res));
            Assert.Equal(size, r.Ret);
            var want = new byte[size];
            foreach (var (off, len) in ranges)
                for (int i = 0; i < len; i++) want[off + i] = (byte)((off + i) * 31 % 251 + 1);
            Assert.Equal(want, r.Data);
        }
        Assert.True(kernel.Counters.CacheHits > 0);
    }

    /// <summary>fallocate leaves unwritten extents that read as zeros; a direct write into the middle is converted
    /// by FUSE_IOMAP_IOEND (split at both edges), and a second, adjacent write merges with the first.</summary>
    [Fact]
    public void Unwritten_ranges_from_fallocate_read_as_zeros_and_convert_on_ioend()
    {
        using var image = Ext4Image.Open(Ext4ServerImages.Image);
        var server = new Ext4Server(image);
        var kernel = new SimKernel(server);
        var ino = kernel.CreateFile("u");
        const int K = 1024;
        Assert.Equal(0, kernel.Run(res => kernel.Fallocate(ino, FallocMode.Allocate, 0, 64 * K, res)).Ret);
        var f = server.File(ino.NodeId);
        Assert.All(f.Extents, e => Assert.True(e.Unwritten));
        Assert.Equal(64, f.Extents.Sum(e => e.Length));
        Assert.Equal(new byte[64 * K], kernel.Run(res => kernel.BufferedRead(ino, 0, 64 * K, res)).Data);

        var data = Enumerable.Range(0, 4 * K).Select(i => (byte)(i % 253 + 1)).ToArray();
        Assert.Equal(4 * K, kernel.Run(res => kernel.DirectWrite(ino, 8 * K, data, res)).Ret);
        Assert.Equal([(0L, 8L, true), (8L, 4L, false), (12L, 52L, true)],
            f.Extents.Select(e => (e.LogicalBlock, e.Length, e.Unwritten)));
        Assert.Equal(4 * K, kernel.Run(res => kernel.DirectWrite(ino, 12 * K, data, res)).Ret);
        Assert.Equal([(0L, 8L, true), (8L, 8L, false), (16L, 48L, true)],
            f.Extents.Select(e => (e.LogicalBlock, e.Length, e.Unwritten)));

        kernel.Run(kernel.EvictClean(ino));
        var back = kernel.Run(res => kernel.BufferedRead(ino, 0, 64 * K, res)).Data;
        Assert.Equal(new byte[8 * K], back[..(8 * K)]);
        Assert.Equal(data.Concat(data), back[(8 * K)..(16 * K)]);
        Assert.Equal(new byte[48 * K], back[(16 * K)..]);
    }

    /// <summary>The server only ever reads the image file: after fsx runs that wrote, punched and truncated through
    /// it, the file's SHA-256 is unchanged while the device overlay holds the writes.</summary>
    [Fact]
    public void The_image_file_is_never_modified()
    {
        var dir = Directory.CreateTempSubdirectory("iomapmodel-ext4server-");
        try
        {
            var path = Path.Combine(dir.FullName, "fs.img");
            File.WriteAllBytes(path, Ext4ServerImages.Image);
            var before = SHA256.HashData(File.ReadAllBytes(path));
            int dirty = 0;
            using (var image = Ext4Image.Open(path))
                Check.One(Config.QuickThrowOnFailure.WithMaxTest(20), Prop.ForAll(FsxGen.Workloads(), w =>
                {
                    var server = new Ext4Server(image);
                    var failures = new FsxRun(server: server, fuse2fsRules: true).Run(w);
                    dirty += server.Device.DirtyBlocks;
                    return failures.Count == 0;
                }));
            Assert.True(dirty > 0, "nothing was written: the test has no teeth");
            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
