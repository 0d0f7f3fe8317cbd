using IomapModel.Ext4;
using IomapModel.IomapCache;
using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Properties.Ext4;

/// <summary>Findings F11-F15 (docs/findings.md): fuse2fs's write, fallocate, punch and cache paths on real images,
/// each against the quirk switched off where the model has one.</summary>
public sealed class Ext4ServerFindingTests
{
    private const int K = 1024;

    private static (Ext4Image Image, Ext4Server Server, SimKernel Kernel) Mount(byte[] bytes, Fuse2fsQuirks quirks)
    {
        var image = Ext4Image.Open(bytes);
        var server = new Ext4Server(image, quirks);
        return (image, server, new SimKernel(server));
    }

    private static byte[] Data(int n) => Enumerable.Range(0, n).Select(i => (byte)(i % 251 + 1)).ToArray();

    [Fact]
    public void F11_a_one_block_write_left_of_an_unwritten_first_extent_allocates_the_whole_gap()
    {
        foreach (var (quirks, blocks) in new[] { (Fuse2fsQuirks.Seed, 41L), (Fuse2fsQuirks.Intended, 2L) })
        {
            var (image, server, kernel) = Mount(Ext4ServerImages.Image, quirks);
            using var _ = image;
            var ino = kernel.CreateFile("gap");
            Assert.Equal(0, server.Fallocate(ino.NodeId, FallocMode.KeepSize, 40 * K, K));   // block 40: unwritten
            ulong free = server.Blocks.FreeCount;
            Assert.Equal(K, kernel.Run(res => kernel.DirectWrite(ino, 0, Data(K), res)).Ret);
            var f = server.File(ino.NodeId);
            Assert.Equal(blocks, f.Extents.Sum(e => e.Length));
            Assert.Equal(blocks - 1, (long)(free - server.Blocks.FreeCount));
            if (quirks == Fuse2fsQuirks.Seed)   // blocks 1..39 were never written: held, unwritten, reported as data
                Assert.Contains(f.Extents, e => e.Unwritten && e.LogicalBlock <= 1 && e.EndBlock >= 40);
        }
    }

    [Fact]
    public void F11_needs_an_unwritten_first_extent_the_RFCs_libext2fs_allocates_only_the_write_left_of_a_written_one()
    {
        foreach (var quirks in new[] { Fuse2fsQuirks.Seed, Fuse2fsQuirks.Intended })
        {
            var (image, server, kernel) = Mount(Ext4ServerImages.Image, quirks);
            using var _ = image;
            var ino = kernel.CreateFile("gap");
            Assert.Equal(K, kernel.Run(res => kernel.DirectWrite(ino, 40 * K, Data(K), res)).Ret);   // converted at ioend
            Assert.Equal(K, kernel.Run(res => kernel.DirectWrite(ino, 0, Data(K), res)).Ret);
            Assert.Equal(2L, server.File(ino.NodeId).Extents.Sum(e => e.Length));   // Debian's 1.47.0 library: 41
        }
    }

    [Fact]
    public void F12_filling_the_gap_between_two_unwritten_extents_never_merges_them()
    {
        foreach (var (quirks, extents) in new[] { (Fuse2fsQuirks.Seed, 2), (Fuse2fsQuirks.Intended, 1) })
        {
            using var image = Ext4Image.Open(Ext4ServerImages.Image);
            var server = new Ext4Server(image, quirks);
            Assert.Equal(0, server.Create("m", out var attr));
            var keep = FallocMode.KeepSize;
            Assert.Equal(0, server.Fallocate(attr.NodeId, keep, 0, 12 * K));
            Assert.Equal(0, server.Fallocate(attr.NodeId, FallocMode.PunchHole | keep, 4 * K, 4 * K));
            var f = server.File(attr.NodeId);
            Assert.Equal(2, f.Extents.Count);
            Assert.Equal(f.Extents[0].PhysicalBlock + 8, f.Extents[1].PhysicalBlock);   // the gap's blocks are free again
            Assert.Equal(0, server.Fallocate(attr.NodeId, keep, 4 * K, 4 * K));
            Assert.Equal(extents, f.Extents.Count);
            Assert.Equal(12, f.Extents.Sum(e => e.Length));
            // The read answer for block 0 covers 8 blocks instead of 12: one more upcall for the rest.
            Assert.Equal(0, server.IomapBegin(attr.NodeId, new FuseIomapBeginIn(FuseIomapOp.Report, attr.Ino, 0, 12 * K), out var map));
            Assert.Equal(extents == 2 ? 8UL * K : 12UL * K, map.Length);
        }
    }

    [Fact]
    public void F13_a_rejected_upsert_reaches_the_application_as_ERANGE()
    {
        // An unaligned O_DIRECT read of a block-mapped file: fuse2fs answers offset = pos (F10), the kernel's upsert
        // validation (fuse_iomap_upsert_validate_range) rejects it with -EIO, translate_error turns -EIO into +EIO
        // (its "small errno" branch only negates), and libfuse replaces the positive value with -ERANGE.
        var ext2 = Ext4CorruptionImages.Get("ext2-1k").Image;
        foreach (var (quirks, want) in new[]
                 {
                     (Fuse2fsQuirks.Seed, -FuseErrno.ERANGE),
                     (Fuse2fsQuirks.Seed with { UpsertErrorIsErange = false }, -FuseErrno.EIO),
                     (Fuse2fsQuirks.Intended, 512),
                 })
        {
            var (image, _, kernel) = Mount(ext2, quirks);
            using var _ = image;
            var ino = kernel.CreateFile("ind");
            Assert.Equal(want, kernel.Run(res => kernel.DirectRead(ino, 512, 512, res)).Ret);
        }
    }

    [Fact]
    public void F14_a_keep_size_punch_of_an_inline_file_sets_its_size_to_zero()
    {
        foreach (var (quirks, size) in new[] { (Fuse2fsQuirks.Seed, 0L), (Fuse2fsQuirks.Intended, 40L) })
        {
            using var image = Ext4Image.Open(Ext4CorruptionImages.Get("inline-1k").Image);
            var server = new Ext4Server(image, quirks);
            Assert.Equal(0, server.Lookup("tiny", out var attr));
            Assert.Equal(40, attr.Size);
            Assert.Equal(0, server.Fallocate(attr.NodeId, FallocMode.PunchHole | FallocMode.KeepSize, 0, K));
            Assert.Equal(size, server.SizeOf(attr.NodeId));
        }
    }

    [Fact]
    public void F15_a_write_past_block_0_of_an_inline_file_fails_with_EIO()
    {
        using var image = Ext4Image.Open(Ext4CorruptionImages.Get("inline-1k").Image);
        var server = new Ext4Server(image, Fuse2fsQuirks.Intended);
        Assert.Equal(0, server.Lookup("tiny", out var attr));
        // Below one block the answer is INLINE; past it, hole_to_eof then ext2fs_fallocate on an inode with neither
        // extents nor a block map: EXT2_ET_INLINE_DATA_NO_BLOCK, which translate_error makes -EIO.
        Assert.Equal(0, server.IomapBegin(attr.NodeId, new FuseIomapBeginIn(FuseIomapOp.Write, attr.Ino, 10, 10), out var inline));
        Assert.Equal(FuseIomapType.Inline, inline.ReadType);
        Assert.Equal(-FuseErrno.EIO, server.IomapBegin(attr.NodeId, new FuseIomapBeginIn(FuseIomapOp.Write, attr.Ino, 2 * K, 10), out _));
        Assert.Equal(-FuseErrno.EIO, server.IomapBegin(attr.NodeId,
            new FuseIomapBeginIn(FuseIomapOp.Write | FuseIomapOp.Direct, attr.Ino, 4 * K, K), out _));
        Assert.Equal(0, server.Device.DirtyBlocks);
    }
}
