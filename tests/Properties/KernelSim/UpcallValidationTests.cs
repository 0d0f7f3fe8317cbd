using IomapModel.IextTree;
using IomapModel.KernelSim;
using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Reference;

namespace IomapModel.Properties.KernelSim;

/// <summary><c>fuse_iomap_begin_validate</c> (seed 1726ff, 8954-9010): every bad FUSE_IOMAP_BEGIN reply fails the
/// operation with -EIO, the page cache gains nothing and the cache is unchanged.</summary>
public sealed class UpcallValidationTests
{
    private const ulong Null = FuseIomapConstants.NullAddr;

    /// <summary>A server that answers every FUSE_IOMAP_BEGIN with one fixed reply (or errno).</summary>
    private sealed class FixedReplyServer(FuseIomapBeginOut reply, int errno = 0) : IFuseIomapServer
    {
        private readonly MemoryBlockDevice _dev = new(1, 1 << 20);
        public IomapGeometry Geometry { get; } = new(4096, 1L << 40);
        public IReadOnlyList<IBlockDevice> Devices => [_dev];
        public void Connect(IFuseNotifyChannel kernel) { }
        public int Lookup(string name, out FuseAttr attr) { attr = new FuseAttr(2, 2, 65536); return 0; }
        public int Create(string name, out FuseAttr attr) => Lookup(name, out attr);
        public int IomapBegin(ulong nodeId, in FuseIomapBeginIn inarg, out FuseIomapBeginOut outarg)
        {
            outarg = reply;
            return errno;
        }
        public int IomapEnd(ulong nodeId, in FuseIomapEndIn inarg) => 0;
        public int IomapIoend(ulong nodeId, in FuseIomapIoendIn inarg) => 0;
        public int SetattrSize(ulong nodeId, long size, out FuseAttr attr) { attr = new FuseAttr(2, 2, size); return 0; }
        public int Fallocate(ulong nodeId, FallocMode mode, long offset, long length) => 0;
        public int Open(ulong nodeId, bool truncate) => 0;
        public int CopyFileRange(ulong nodeIn, long offIn, ulong nodeOut, long offOut, ulong length, out uint copied) { copied = 0; return 0; }
        public int Fsync(ulong nodeId, bool datasync) => 0;
        public int Syncfs() => 0;
    }

    private static FuseIomapBeginOut Good => FuseIomapBeginOut.ReadOnly(0, 65536, 4096, FuseIomapType.Mapped, FuseIomapFlags.None, 1);

    public static TheoryData<string, FuseIomapBeginOut> BadReplies => new()
    {
        { "unknown read type", Good with { ReadType = (FuseIomapType)7 } },
        { "read flag SIZE_CHANGED", Good with { ReadFlags = FuseIomapFlags.SizeChanged } },
        { "read flag bit 4", Good with { ReadFlags = (FuseIomapFlags)0x10 } },
        { "unknown write type", Good with { WriteType = (FuseIomapType)9 } },
        { "write flag STALE", Good with { WriteFlags = FuseIomapFlags.Stale } },
        { "offset past pos", Good with { Offset = 8192 } },
        { "zero length", Good with { Length = 0 } },
        { "unaligned offset", Good with { Offset = 512 } },
        { "unaligned length", Good with { Length = 6000 } },
        { "range wraps u64", Good with { Offset = 0, Length = 0xFFFF_FFFF_FFFF_F000 } with { Offset = 4096 } },
        { "range ends at pos", Good with { Offset = 0, Length = 4096 } },
        { "offset at s_maxbytes", Good with { Offset = 1UL << 40, Length = 4096 } },
        { "read PURE_OVERWRITE", Good with { ReadType = FuseIomapType.PureOverwrite, ReadAddr = Null, ReadDev = 0 } },
        { "mapped without device", Good with { ReadDev = 0 } },
        { "mapped without address", Good with { ReadAddr = Null } },
        { "hole with an address", Good with { ReadType = FuseIomapType.Hole, ReadDev = 0 } },
        { "hole with a device", Good with { ReadType = FuseIomapType.Hole, ReadAddr = Null } },
        { "write mapped without device", Good with { WriteType = FuseIomapType.Mapped, WriteAddr = 0 } },
        { "pure overwrite with an address", Good with { WriteAddr = 0 } },
        { "read address wraps", Good with { ReadAddr = 0xFFFF_FFFF_FFFF_0000 } },
        { "unknown device", Good with { ReadDev = 5 } },
        { "NULL reply without a cache", FuseIomapBeginOut.NullReply(0, 65536) },
    };

    [Theory]
    [MemberData(nameof(BadReplies))]
    public void A_bad_begin_reply_fails_the_read_with_EIO_and_leaves_the_caches_alone(string why, FuseIomapBeginOut reply)
    {
        // Reads start at pos 4096 so "offset past pos" and "range ends at pos" are meaningful.
        var k = new SimKernel(new FixedReplyServer(reply));
        var ino = k.CreateFile("f");
        ulong seq = ino.Cache.Sequence;
        var r = k.Run(res => k.DirectRead(ino, 4096, 4096, res));
        Assert.True(r.Ret == -FuseErrno.EIO, $"{why}: got {r.Ret}");
        Assert.Equal(seq, ino.Cache.Sequence);
        Assert.False(ino.Cache.Enabled);
        Assert.Equal(1, k.Counters.Upcall(FuseOpcode.IomapBegin));
    }

    [Fact]
    public void A_good_reply_reads_and_a_server_errno_passes_through()
    {
        var k = new SimKernel(new FixedReplyServer(Good));
        var ino = k.CreateFile("f");
        Assert.Equal(4096, k.Run(res => k.DirectRead(ino, 4096, 4096, res)).Ret);
        var k2 = new SimKernel(new FixedReplyServer(Good, -FuseErrno.ENOSPC));
        var ino2 = k2.CreateFile("f");
        Assert.Equal(-FuseErrno.ENOSPC, k2.Run(res => k2.BufferedWrite(ino2, 0, new byte[100], res)).Ret);
        Assert.Equal(0, ino2.Pages.Count);
    }
}
