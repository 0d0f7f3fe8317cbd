using IomapModel.IextTree;
using IomapModel.KernelSim.Uapi;

namespace IomapModel.KernelSim.Cache;

/// <summary>
/// Interim stand-in for src/IomapCache while it is being written: the same observable contract (forks, NOFORK,
/// block-aligned trimmed lookups with the cookie, invalidation widening, destroy without a bump, notify validation
/// of ranges and types) on a flat sorted list per fork, without the B+tree's merging. Replaced by the real cache
/// through <see cref="IKernelIomapCache"/>.
/// </summary>
public sealed class FlatIomapCache(uint blockSize, long maxBytes, ulong attrIno, Func<uint, ulong?> deviceSize) : IKernelIomapCache
{
    private readonly SortedDictionary<long, FuseIomap> _read = [];
    private SortedDictionary<long, FuseIomap>? _write;
    private ulong _seq;

    public bool Enabled { get; private set; }
    public ulong Sequence => _seq;

    private SortedDictionary<long, FuseIomap>? Fork(CacheFork f) => f == CacheFork.Read ? _read : _write;

    private static bool IsWrite(FuseIomapOp op) => (op & (FuseIomapOp.Write | FuseIomapOp.Zero | FuseIomapOp.Unshare)) != 0;

    public int TryCache(long pos, ulong count, FuseIomapOp opflags, out FuseIomap iomap, out FuseIomap srcmap, out bool hasSrcmap)
    {
        iomap = default; srcmap = default; hasSrcmap = false;
        if (!Enabled) return 0;
        bool destIsSrc = false;
        if (IsWrite(opflags))
        {
            var w = Lookup(CacheFork.Write, pos, count, out var wmap);
            if (w == IomapLookupKind.Miss) return 0;
            if (w == IomapLookupKind.Hit && wmap.Type != FuseIomapType.PureOverwrite)
            {
                iomap = wmap; destIsSrc = true;
            }
        }
        var r = Lookup(CacheFork.Read, pos, count, out var rmap);
        if (r != IomapLookupKind.Hit) return r == IomapLookupKind.NoFork ? -FuseErrno.EIO : 0;
        if (destIsSrc) { srcmap = rmap; hasSrcmap = true; } else iomap = rmap;
        if (!IsWrite(opflags)) return 1;
        return iomap.Type switch
        {
            FuseIomapType.Hole => (opflags & (FuseIomapOp.Zero | FuseIomapOp.Unshare)) != 0 ? 1 : 0,
            FuseIomapType.Delalloc => (opflags & FuseIomapOp.Direct) != 0 ? 0 : 1,
            _ => 1,
        };
    }

    private enum IomapLookupKind { Hit, Miss, NoFork }

    private IomapLookupKind Lookup(CacheFork fork, long off, ulong len, out FuseIomap map)
    {
        map = default;
        var f = Fork(fork);
        if (f == null) return IomapLookupKind.NoFork;
        foreach (var m in f.Values)
        {
            if (m.Offset > off) break;
            if ((ulong)off >= m.End) continue;
            long start = Math.Max(m.Offset, off & ~(long)(blockSize - 1));
            ulong end = Math.Min(m.End, ((ulong)off + len + blockSize - 1) & ~(ulong)(blockSize - 1));
            ulong addr = FuseIomapConstants.IsRealType(m.Type) ? m.Addr + (ulong)(start - m.Offset) : m.Addr;
            map = new FuseIomap(start, end - (ulong)start, addr, m.Type, m.Flags, m.Dev) { ValidityCookie = _seq };
            return IomapLookupKind.Hit;
        }
        return IomapLookupKind.Miss;
    }

    public bool Revalidate(ulong cookie) => cookie == _seq;

    private void Remove(SortedDictionary<long, FuseIomap> f, long off, ulong len)
    {
        ulong end = len == FuseIomapConstants.InvalToEof ? (ulong)maxBytes : (ulong)off + len;
        foreach (var m in f.Values.Where(m => (ulong)m.Offset < end && m.End > (ulong)off).ToList())
        {
            f.Remove(m.Offset); _seq++;
            if (m.Offset < off)
                f[m.Offset] = m with { Length = (ulong)(off - m.Offset) };
            if (m.End > end)
            {
                ulong skip = end - (ulong)m.Offset;
                f[(long)end] = m with { Offset = (long)end, Length = m.End - end, Addr = FuseIomapConstants.IsRealType(m.Type) ? m.Addr + skip : m.Addr };
            }
        }
    }

    public int InvalidateRange(long offset, ulong length)
    {
        if (!Enabled) return 0;
        long start = offset & ~(long)(blockSize - 1);
        ulong end = ((ulong)offset + length + blockSize - 1) & ~(ulong)(blockSize - 1);
        Remove(_read, start, end - (ulong)start);
        if (_write != null) Remove(_write, start, end - (ulong)start);
        return 0;
    }

    public int InvalidateToEof(long offset)
    {
        if (!Enabled) return 0;
        long start = offset & ~(long)(blockSize - 1);
        if (start == 0) { Destroy(); return 0; }
        Remove(_read, start, FuseIomapConstants.InvalToEof);
        if (_write != null) Remove(_write, start, FuseIomapConstants.InvalToEof);
        return 0;
    }

    private int ValidateMap(in FuseIomap m, bool isRead)
    {
        if (m.Type == FuseIomapType.Null) return 0;
        if (m.Length == 0 || m.End < (ulong)m.Offset) return -FuseErrno.EIO;
        if (isRead && m.Type == FuseIomapType.PureOverwrite) return -FuseErrno.EIO;
        if (FuseIomapConstants.IsRealType(m.Type))
        {
            if (m.Dev == 0 || m.Addr == FuseIomapConstants.NullAddr) return -FuseErrno.EIO;
            var size = deviceSize(m.Dev);
            if (size == null || m.Addr + m.Length < m.Addr || m.Addr + m.Length > size) return -FuseErrno.EIO;
        }
        else if (m.Dev != 0 || m.Addr != FuseIomapConstants.NullAddr) return -FuseErrno.EIO;
        if (m.Offset >= maxBytes || m.Offset % blockSize != 0 || m.Length % blockSize != 0) return -FuseErrno.EIO;
        return 0;
    }

    public int NotifyUpsert(in FuseIomapUpsertOut o)
    {
        int e = ValidateMap(o.Read, true);
        if (e == 0) e = ValidateMap(o.Write, false);
        if (e != 0) return e;
        if (o.AttrIno != attrIno) return -FuseErrno.EINVAL;
        Enabled = true;
        if (o.Read.Type != FuseIomapType.Null) { Remove(_read, o.Read.Offset, o.Read.Length); _read[o.Read.Offset] = o.Read with { ValidityCookie = 0 }; _seq++; }
        if (o.Write.Type != FuseIomapType.Null)
        {
            _write ??= [];
            Remove(_write, o.Write.Offset, o.Write.Length); _write[o.Write.Offset] = o.Write with { ValidityCookie = 0 }; _seq++;
        }
        return 0;
    }

    public int NotifyInval(in FuseIomapInvalOut o)
    {
        static bool Bad(ulong off, ulong len, uint bs, long max) =>
            len != 0 && (off >= (ulong)max || off % bs != 0 || (len != FuseIomapConstants.InvalToEof && len % bs != 0));
        if (Bad(o.WriteOffset, o.WriteLength, blockSize, maxBytes) || Bad(o.ReadOffset, o.ReadLength, blockSize, maxBytes))
            return -FuseErrno.EIO;
        if (o.ReadLength != 0) Remove(_read, (long)o.ReadOffset, o.ReadLength);
        if (o.WriteLength != 0 && _write != null) Remove(_write, (long)o.WriteOffset, o.WriteLength);
        return 0;
    }

    public void Destroy()
    {
        _read.Clear();
        _write = null;
    }
}
