using IomapModel.IextTree;

namespace IomapModel.KernelSim.Kernel;

public sealed partial class SimKernel
{
    internal static bool IsFileWrite(FuseIomapOp op) => (op & (FuseIomapOp.Write | FuseIomapOp.Zero | FuseIomapOp.Unshare)) != 0;

    private const FuseIomapFlags FlagsAll = (FuseIomapFlags)0x11EF;

    private static bool CheckType(FuseIomapType t) => t is FuseIomapType.PureOverwrite or FuseIomapType.Null or
        FuseIomapType.Hole or FuseIomapType.Delalloc or FuseIomapType.Mapped or FuseIomapType.Unwritten or FuseIomapType.Inline;

    /// <summary><c>fuse_iomap_begin_validate</c> (seed 1726ff, with the NULL rules of seed 8954-9010): 0 or -EIO, the
    /// checks in the kernel's order.</summary>
    internal int BeginValidate(SimInode ino, in FuseIomapBeginOut o, ulong pos)
    {
        bool cache = ino.Cache.Enabled;
        if (!CheckType(o.ReadType) || (o.ReadType == FuseIomapType.Null && !cache)) return -FuseErrno.EIO;
        if ((o.ReadFlags & ~FlagsAll) != 0) return -FuseErrno.EIO;
        if (!CheckType(o.WriteType) || (o.WriteType == FuseIomapType.Null && !cache)) return -FuseErrno.EIO;
        if ((o.WriteFlags & ~FlagsAll) != 0) return -FuseErrno.EIO;
        if (o.Offset > pos) return -FuseErrno.EIO;
        if (o.Length == 0) return -FuseErrno.EIO;
        if (o.Offset % BlockSize != 0 || o.Length % BlockSize != 0) return -FuseErrno.EIO;
        ulong end = unchecked(o.Offset + o.Length);
        if (end < o.Offset) return -FuseErrno.EIO;
        if (end <= pos) return -FuseErrno.EIO;
        if ((long)o.Offset >= MaxBytes || (long)o.Offset < 0) return -FuseErrno.EIO;
        switch (o.ReadType)
        {
            case FuseIomapType.PureOverwrite: return -FuseErrno.EIO;
            case FuseIomapType.Mapped or FuseIomapType.Unwritten:
                if (o.ReadDev == FuseIomapConstants.DevNull || o.ReadAddr == FuseIomapConstants.NullAddr) return -FuseErrno.EIO;
                break;
            default:
                if (o.ReadDev != FuseIomapConstants.DevNull || o.ReadAddr != FuseIomapConstants.NullAddr) return -FuseErrno.EIO;
                break;
        }
        switch (o.WriteType)
        {
            case FuseIomapType.Mapped or FuseIomapType.Unwritten:
                if (o.WriteDev == FuseIomapConstants.DevNull || o.WriteAddr == FuseIomapConstants.NullAddr) return -FuseErrno.EIO;
                break;
            default:
                if (o.WriteDev != FuseIomapConstants.DevNull || o.WriteAddr != FuseIomapConstants.NullAddr) return -FuseErrno.EIO;
                break;
        }
        if (o.ReadAddr != FuseIomapConstants.NullAddr && unchecked(o.ReadAddr + o.Length) < o.ReadAddr) return -FuseErrno.EIO;
        if (o.WriteAddr != FuseIomapConstants.NullAddr && unchecked(o.WriteAddr + o.Length) < o.WriteAddr) return -FuseErrno.EIO;
        return 0;
    }

    private int TryCache(SimInode ino, long pos, ulong count, FuseIomapOp op, out KIomap iomap, out KIomap srcmap)
    {
        iomap = default; srcmap = default;
        if (!ino.Cache.Enabled) return 0;
        Counters.SimMicros += Options.Cost.CacheLookupMicros;
        int r = ino.Cache.TryCache(pos, count, op, out var m, out bool filled, out var s, out bool hasSrc);
        if (r == 0 && filled)
            iomap = KIomap.FromFuse(m, true);   // partly filled: the upcall keeps folio_ops and the cookie
        Trace("fuse_iomap_try_cache", ino, () => $"pos {pos} count {count} opflags 0x{(uint)op:x} ret {r}" +
            (r == 1 ? $" offset {m.Offset} length {m.Length} addr {m.Addr} type {(ushort)m.Type} cookie {m.ValidityCookie}" : ""));
        if (r == 1)
        {
            Counters.CacheHits++;
            int e = FindDev(m.Type, m.Dev, out _);
            if (e == 0 && hasSrc) e = FindDev(s.Type, s.Dev, out _);
            if (e != 0) return e;
            if (m.Type == FuseIomapType.Inline || (hasSrc && s.Type == FuseIomapType.Inline)) return -FuseErrno.EOPNOTSUPP;
            iomap = KIomap.FromFuse(m, true);
            if (hasSrc) srcmap = KIomap.FromFuse(s, true);
        }
        else if (r == 0) Counters.CacheMisses++;
        return r;
    }

    /// <summary><c>fuse_iomap_begin</c> with the cache (seed 1862-1935, 9227-9262): try the cache, else FUSE_IOMAP_BEGIN,
    /// validate the reply, retry the cache on a NULL reply, resolve devices, and pick iomap/srcmap. srcmap stays a
    /// HOLE (= "use iomap") unless an out-of-place write mapping was returned.</summary>
    internal int IomapBegin(SimInode ino, long pos, ulong count, FuseIomapOp op, out KIomap iomap, out KIomap srcmap)
    {
        Trace("fuse_iomap_begin", ino, () => $"pos {pos} count {count} opflags 0x{(uint)op:x}");
        int err = TryCache(ino, pos, count, op, out iomap, out srcmap);
        if (err < 0) return BeginError(ino, pos, count, op, err);
        if (err == 1) return 0;
        var partial = iomap;
        for (int attempt = 0; ; attempt++)
        {
            Charge(FuseOpcode.IomapBegin, ino);
            err = Server.IomapBegin(ino.NodeId, new FuseIomapBeginIn(op, ino.AttrIno, (ulong)pos, count), out var o);
            if (err != 0) return BeginError(ino, pos, count, op, err);
            Trace("fuse_iomap_read_map", ino, () => $"offset {o.Offset} length {o.Length} dev {o.ReadDev} addr {o.ReadAddr} type {(ushort)o.ReadType} mapflags 0x{(ushort)o.ReadFlags:x}");
            Trace("fuse_iomap_write_map", ino, () => $"offset {o.Offset} length {o.Length} dev {o.WriteDev} addr {o.WriteAddr} type {(ushort)o.WriteType} mapflags 0x{(ushort)o.WriteFlags:x}");
            err = BeginValidate(ino, o, (ulong)pos);
            if (err != 0) return BeginError(ino, pos, count, op, err);
            if (o.ReadType == FuseIomapType.Null)
            {
                err = TryCache(ino, pos, count, op, out iomap, out srcmap);
                if (err != 0) return err < 0 ? err : 0;
                if (attempt >= Options.NullReplyRetries) return -FuseErrno.EINTR;
                continue;
            }
            err = FindDev(o.ReadType, o.ReadDev, out _);
            if (err != 0) return err;
            var read = new KIomap((long)o.Offset, o.Length, o.ReadAddr, o.ReadType, o.ReadFlags, o.ReadDev);
            if (IsFileWrite(op) && o.WriteType != FuseIomapType.PureOverwrite)
            {
                err = FindDev(o.WriteType, o.WriteDev, out _);
                if (err != 0) return err;
                iomap = new KIomap((long)o.Offset, o.Length, o.WriteAddr, o.WriteType, o.WriteFlags, o.WriteDev);
                srcmap = read;
            }
            else
                iomap = read;
            if (iomap.Type == FuseIomapType.Inline || srcmap.Type == FuseIomapType.Inline) return -FuseErrno.EOPNOTSUPP;
            // The upcall sets addr/offset/length/type/flags/bdev only; folio_ops and validity_cookie survive from a
            // try_cache that filled the iomap and then missed (seed 9128-9262).
            iomap.FromCache = partial.FromCache;
            iomap.ValidityCookie = partial.ValidityCookie;
            if (Options.UpcallMappingsCarryCookie && !partial.FromCache) iomap.ValidityCookie = ino.Cache.Sequence;
            return 0;
        }
    }

    private int BeginError(SimInode ino, long pos, ulong count, FuseIomapOp op, int err)
    {
        Trace("fuse_iomap_begin_error", ino, () => $"pos {pos} count {count} opflags 0x{(uint)op:x} error {err}");
        return err;
    }

    /// <summary><c>iomap_iter_srcmap</c>: srcmap if it is not a HOLE, else iomap.</summary>
    internal static KIomap SrcMap(in KIomap iomap, in KIomap srcmap) => srcmap.Type != FuseIomapType.Hole ? srcmap : iomap;

    /// <summary><c>fuse_iomap_end</c> (seed 1937-1990): FUSE_IOMAP_END when <c>fuse_want_iomap_end</c>; the core
    /// propagates its error only when nothing was written.</summary>
    internal int IomapEnd(SimInode ino, long pos, ulong count, long written, FuseIomapOp op, in KIomap iomap)
    {
        bool want = (iomap.Flags & FuseIomapFlags.WantIomapEnd) != 0 ||
            (IsFileWrite(op) && ((iomap.Flags & FuseIomapFlags.SizeChanged) != 0 || (ulong)written < count));
        if (!want) return 0;
        var map = iomap;
        Trace("fuse_iomap_end", ino, () => $"pos {pos} count {count} opflags 0x{(uint)op:x} written {written} addr {map.Addr} type {(ushort)map.Type} mapflags 0x{(ushort)map.Flags:x}");
        Charge(FuseOpcode.IomapEnd, ino);
        int err = Server.IomapEnd(ino.NodeId, new FuseIomapEndIn(op, ino.AttrIno, (ulong)pos, count, written,
            iomap.Length, iomap.Addr, iomap.Type, iomap.Flags, 0));
        return written > 0 ? 0 : err;
    }

    /// <summary><c>fuse_iomap_ioend</c> (seed 3430-3500, 9541-9562): APPEND past i_size, FUSE_IOMAP_IOEND when
    /// <c>fuse_want_ioend</c>, cache invalidation when the upcall succeeded, in-core size growth on success.</summary>
    internal int IomapIoend(SimInode ino, long pos, ulong written, int error, FuseIomapIoendFlags flags)
    {
        uint w32 = unchecked((uint)written);
        if (pos + (long)w32 > ino.Size) flags |= FuseIomapIoendFlags.Append;
        int err = 0;
        bool want = error != 0 || (w32 > 0 && (flags & (FuseIomapIoendFlags.Shared | FuseIomapIoendFlags.Unwritten | FuseIomapIoendFlags.Append)) != 0);
        Trace("fuse_iomap_ioend", ino, () => $"ioendflags 0x{(ushort)flags:x} pos {pos} error {error} written {w32}");
        if (want)
        {
            Charge(FuseOpcode.IomapIoend, ino);
            err = Server.IomapIoend(ino.NodeId, new FuseIomapIoendIn(flags, error, ino.AttrIno, (ulong)pos, FuseIomapConstants.NullAddr, w32));
            if (err == 0) ino.Cache.InvalidateRange(pos, w32);
            if (error != 0 && (err == 0 || err == -FuseErrno.ENOSYS)) err = error;
        }
        if (error == 0 && err == 0 && w32 > 0 && pos + (long)w32 > ino.Size)
            ino.Size = pos + (long)w32;
        return err;
    }
}
