using IomapModel.IextTree;
using IomapModel.IomapCache;
using InodeCache = IomapModel.IomapCache.IomapCache;

namespace IomapModel.Properties.Cache;

/// <summary>
/// Runs generated cache steps against a real <see cref="InodeCache"/> and a flat per-block reference per fork, and checks
/// after every step: contents equal the reference, no overlaps and no mergeable neighbours, tree invariants, lookups,
/// and that every content change moved the sequence counter (except the destroy shortcut, a documented finding).
/// </summary>
public sealed class CacheWorkload
{
    public const uint Bs = 4096;
    private const ulong NodeId = 7, AttrIno = 70;

    private readonly IomapDeviceTable _devices = new();
    private readonly FuseIomapConnection _conn;
    private readonly InodeCache _cache;
    private readonly IomapInode _inode;
    private readonly FlatForkReference _read = new(Bs), _write = new(Bs);

    public CacheWorkload(long maxBytes)
    {
        _devices.Register(1, 1UL << 30);
        _devices.Register(2, 1UL << 30);
        _conn = new FuseIomapConnection(_devices);
        _cache = new InodeCache(new IomapGeometry(Bs, maxBytes), _devices);
        _inode = _conn.AddInode(NodeId, AttrIno, _cache);
        MaxBytes = maxBytes;
    }

    public long MaxBytes { get; }
    public int DestroyShortcuts { get; private set; }
    public int Rejected { get; private set; }

    public void Run(IEnumerable<CacheOp> ops)
    {
        var i = 0;
        foreach (var op in ops)
            Step(op, i++);
    }

    private void Step(CacheOp op, int index)
    {
        var before = Snapshot();
        var seqBefore = _cache.Sequence;
        var where = $"step {index} {op}";
        var shortcut = Apply(op, where);
        var after = Snapshot();

        Check(_cache.ReadFork.CheckInvariants().Count == 0, $"read fork invariants after {where}: {string.Join("; ", _cache.ReadFork.CheckInvariants())}");
        Check(_cache.WriteFork is null || _cache.WriteFork.CheckInvariants().Count == 0, $"write fork invariants after {where}");
        Check(_cache.FindMappingProblems(IomapFork.Read).Count == 0, $"read fork not canonical after {where}: {string.Join("; ", _cache.FindMappingProblems(IomapFork.Read))}");
        Check(_cache.FindMappingProblems(IomapFork.Write).Count == 0, $"write fork not canonical after {where}: {string.Join("; ", _cache.FindMappingProblems(IomapFork.Write))}");
        Check(SameAsReference(_cache.ReadFork, _read), $"read fork differs from the reference after {where}");
        Check((_cache.WriteFork is not null) == _write.Exists, $"write fork existence after {where}");
        Check(_cache.WriteFork is null || SameAsReference(_cache.WriteFork, _write), $"write fork differs from the reference after {where}");
        if (!before.SequenceEqual(after))
        {
            Check(_cache.Sequence != seqBefore || shortcut, $"content changed but the counter did not, after {where}");
            if (_cache.Sequence == seqBefore)
                DestroyShortcuts++;
        }
        Check(_cache.Sequence >= seqBefore, "the counter went backwards");
    }

    private List<(bool, FuseIomap)> Snapshot() =>
        _cache.ReadFork.Records().Select(r => (false, r)).Concat((_cache.WriteFork?.Records() ?? []).Select(r => (true, r))).ToList();

    private static bool SameAsReference(IextFork fork, FlatForkReference reference)
    {
        var expanded = FlatForkReference.Expand(fork.Records(), Bs);
        return expanded.Count == reference.Blocks.Count && expanded.All(kv => reference.Blocks.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>The mapping an op describes, for the given fork.</summary>
    public static FuseIomap MappingFor(bool write, int start, int length, int attr)
    {
        FuseIomapType[] types = write
            ? [FuseIomapType.Mapped, FuseIomapType.Unwritten, FuseIomapType.Mapped, FuseIomapType.Hole, FuseIomapType.Delalloc, FuseIomapType.PureOverwrite, FuseIomapType.Inline]
            : [FuseIomapType.Mapped, FuseIomapType.Unwritten, FuseIomapType.Mapped, FuseIomapType.Hole, FuseIomapType.Delalloc, FuseIomapType.Inline];
        var type = types[attr % types.Length];
        var flags = ((attr >> 3) % 3) switch { 0 => FuseIomapFlags.None, 1 => FuseIomapFlags.New, _ => FuseIomapFlags.Dirty };
        var real = FuseIomapConstants.IsRealType(type);
        var dev = real ? (uint)(1 + (attr >> 5) % 2) : FuseIomapConstants.DevNull;
        var addr = real ? (ulong)(start + 1000 * ((attr >> 6) % 2)) * Bs : FuseIomapConstants.NullAddr;
        return new FuseIomap((long)start * Bs, (ulong)length * Bs, addr, type, flags, dev);
    }

    private FlatForkReference Ref(bool write) => write ? _write : _read;
    private static IomapFork Fork(bool write) => write ? IomapFork.Write : IomapFork.Read;

    private bool IsShortcut(long start, ulong len, bool forkExists) => forkExists && start == 0 && len >= (ulong)MaxBytes;

    /// <summary>Applies the op to cache and reference; returns whether it took the destroy shortcut.</summary>
    private bool Apply(CacheOp op, string where)
    {
        var fork = Fork(op.Write);
        var reference = Ref(op.Write);
        var forkHasRecords = (_cache.ForkOf(fork)?.Count ?? 0) > 0;
        switch (op.Kind)
        {
            case CacheOpKind.Add:
            {
                var map = MappingFor(op.Write, op.Start, op.Length, op.Attr);
                var expect = reference.IsHole(op.Start, op.Length) ? 0 : -FuseErrno.EUCLEAN;
                var ret = _cache.Add(fork, map);
                Check(ret == expect, $"add returned {ret}, expected {expect} at {where}");
                if (ret == 0)
                    reference.Map(map);
                if (op.Write)
                    _write.Exists = true; // created before the hole check, even when the add fails
                if (ret == 0)
                    CheckNoAsserts(where);
                _cache.Asserts.Clear();
                return false;
            }
            case CacheOpKind.Remove:
            {
                var len = op.Length < 0 ? FuseIomapConstants.InvalToEof : (ulong)op.Length * Bs;
                var ret = _cache.Remove(fork, (long)op.Start * Bs, len);
                Check(ret == 0, $"remove returned {ret} at {where}");
                reference.Unmap(op.Start, op.Length < 0 ? long.MaxValue : op.Start + op.Length);
                CheckNoAsserts(where);
                return IsShortcut((long)op.Start * Bs, len, forkHasRecords);
            }
            case CacheOpKind.Upsert:
            {
                var map = MappingFor(op.Write, op.Start, op.Length, op.Attr);
                var ret = _cache.Upsert(fork, map);
                Check(ret == 0, $"upsert returned {ret} at {where}");
                reference.Unmap(op.Start, op.Start + op.Length);
                reference.Map(map);
                if (op.Write) _write.Exists = true;
                CheckNoAsserts(where);
                return IsShortcut(map.Offset, map.Length, forkHasRecords);
            }
            case CacheOpKind.Invalidate:
            {
                var off = (long)op.Start * Bs + op.Extra % Bs;
                var len = op.Length < 0 ? FuseIomapConstants.InvalToEof : (ulong)op.Length * Bs + (ulong)(op.Extra % 7);
                var ret = _cache.InvalidateRange(off, len);
                Check(ret == 0, $"invalidate returned {ret} at {where}");
                var shortcut = false;
                if (_cache.CacheEnabled)
                {
                    var first = off / Bs;
                    var end = op.Length < 0 ? long.MaxValue : (off + (long)len + Bs - 1) / Bs;
                    _read.Unmap(first, end);
                    _write.Unmap(first, end);
                    shortcut = first == 0 && (op.Length < 0 || (ulong)(end * Bs) >= (ulong)MaxBytes);
                }
                CheckNoAsserts(where);
                return shortcut;
            }
            case CacheOpKind.NotifyUpsert:
            {
                var read = MappingFor(false, op.Start, op.Length, op.Attr);
                var write = (op.Extra % 3) switch
                {
                    0 => read with { Type = FuseIomapType.Null, Addr = FuseIomapConstants.NullAddr, Dev = 0 },
                    1 => MappingFor(true, op.Start, op.Length, op.Extra / 3),
                    _ => MappingFor(true, op.Start + op.Length, Math.Max(1, op.Length / 2), op.Extra / 3),
                };
                var ret = _conn.NotifyUpsert(new FuseIomapUpsertOut(NodeId, AttrIno, read, write));
                Check(ret == 0, $"valid upsert notification returned {ret} at {where}");
                _read.Unmap(op.Start, op.Start + op.Length);
                _read.Map(read);
                if (write.Type != FuseIomapType.Null)
                {
                    _write.Unmap(write.Offset / Bs, write.Offset / Bs + (long)write.Length / Bs);
                    _write.Map(write);
                    _write.Exists = true;
                }
                CheckNoAsserts(where);
                return false;
            }
            case CacheOpKind.NotifyInval:
            {
                var readLen = op.Length < 0 ? FuseIomapConstants.InvalToEof : (ulong)op.Length * Bs;
                var writeLen = (op.Extra % 3) switch { 0 => 0UL, 1 => readLen, _ => FuseIomapConstants.InvalToEof };
                var off = (ulong)op.Start * Bs;
                var ret = _conn.NotifyInval(new FuseIomapInvalOut(NodeId, AttrIno, off, readLen, off, writeLen));
                Check(ret == 0, $"valid inval notification returned {ret} at {where}");
                var shortcut = false;
                foreach (var (reference2, len, exists) in new[] { (_read, readLen, _cache.ReadFork.Count > 0), (_write, writeLen, (_cache.WriteFork?.Count ?? 0) > 0) })
                {
                    if (len == 0) continue;
                    reference2.Unmap(op.Start, len == FuseIomapConstants.InvalToEof ? long.MaxValue : op.Start + (long)(len / Bs));
                    shortcut |= IsShortcut((long)off, len, true);
                }
                CheckNoAsserts(where);
                return shortcut;
            }
            case CacheOpKind.Lookup:
                CheckLookup(op, where);
                return false;
            case CacheOpKind.BadNotifyUpsert:
                BadUpsert(op, where);
                return false;
            case CacheOpKind.BadNotifyInval:
                BadInval(op, where);
                return false;
        }
        return false;
    }

    private void CheckLookup(CacheOp op, string where)
    {
        var fork = Fork(op.Write);
        var off = (long)op.Start * Bs + op.Extra % Bs;
        var len = (ulong)Math.Max(1, op.Length) * Bs - (ulong)(op.Attr % Bs);
        var seq = _cache.Sequence;
        var res = _cache.Lookup(fork, off, len, out var map);
        Check(_cache.Sequence == seq, "a lookup moved the counter");
        var reference = Ref(op.Write);
        if (op.Write && !_write.Exists)
        {
            Check(res == IomapLookupResult.NoFork, $"lookup {res}, expected nofork at {where}");
            return;
        }
        var block = off / Bs;
        if (!reference.Blocks.TryGetValue(block, out var b))
        {
            Check(res == IomapLookupResult.Miss, $"lookup {res}, expected miss at {where}");
            return;
        }
        var alignedOff = block * Bs;
        var alignedEnd = (off + (long)len + Bs - 1) / Bs * Bs;
        var expectLen = Math.Min(alignedEnd - alignedOff, reference.RunLength(block) * Bs);
        var expect = new FuseIomap(alignedOff, (ulong)expectLen, b.Addr, b.Type, b.Flags, b.Dev);
        Check(res == IomapLookupResult.Hit && map with { ValidityCookie = 0 } == expect && map.ValidityCookie == seq,
            $"lookup gave {res} {map}, expected hit {expect} cookie {seq} at {where}");
    }

    /// <summary>A valid upsert with one thing wrong; the kernel's errno for that fault.</summary>
    private (FuseIomapUpsertOut Message, int Errno, Action? Undo) BadUpsertMessage(CacheOp op)
    {
        var read = MappingFor(false, op.Start, Math.Max(1, op.Length), op.Attr);
        var write = read with { Type = FuseIomapType.Null, Addr = FuseIomapConstants.NullAddr, Dev = 0 };
        var real = MappingFor(false, op.Start, Math.Max(1, op.Length), 0); // a MAPPED read mapping
        var msg = new FuseIomapUpsertOut(NodeId, AttrIno, read, write);
        const int EIO = -FuseErrno.EIO;
        return (op.Extra % 17) switch
        {
            0 => (msg with { Read = read with { Type = (FuseIomapType)7 } }, EIO, null),
            1 => (msg with { Write = write with { Type = (FuseIomapType)0x1234 } }, EIO, null),
            2 => (msg with { Read = read with { Flags = (FuseIomapFlags)(1 << 4) } }, EIO, null),
            3 => (msg with { Write = write with { Flags = FuseIomapFlags.Stale } }, EIO, null),
            4 => (msg with { Read = read with { Length = 0 } }, EIO, null),
            5 => (msg with { Write = write with { Length = 0 } }, EIO, null),
            6 => (msg with { Read = real with { Offset = -4096, Length = 8192 } }, EIO, null), // u64 offset+length overflows
            7 => (msg with { Read = read with { Type = FuseIomapType.PureOverwrite, Addr = FuseIomapConstants.NullAddr, Dev = 0 } }, EIO, null),
            8 => (msg with { Read = real with { Dev = 0 } }, EIO, null),
            9 => (msg with { Read = real with { Addr = FuseIomapConstants.NullAddr } }, EIO, null),
            10 => (msg with { Read = read with { Type = FuseIomapType.Hole, Addr = 4096, Dev = 0 } }, EIO, null),
            11 => (msg with { Read = real with { Dev = 9 } }, EIO, null), // not registered
            12 => (msg with { Read = real with { Addr = (1UL << 30) - 4096, Length = 8192 } }, EIO, null), // past the device end
            13 => (msg with { Read = read with { Offset = read.Offset + 512 } }, EIO, null),
            14 => (msg with { NodeId = NodeId + 1 }, -FuseErrno.ESTALE, null),
            15 => (msg with { AttrIno = AttrIno + 1 }, -FuseErrno.EINVAL, null),
            _ => (msg, -FuseErrno.EINVAL, SetIomap(false)),
        };
    }

    private Action? SetIomap(bool on)
    {
        _conn.IomapEnabled = on;
        return () => _conn.IomapEnabled = !on;
    }

    private void BadUpsert(CacheOp op, string where)
    {
        var (msg, errno, undo) = BadUpsertMessage(op);
        ExpectRejected(() => _conn.NotifyUpsert(msg), errno, $"bad upsert {op.Extra % 17}", where);
        undo?.Invoke();
    }

    private void BadInval(CacheOp op, string where)
    {
        var off = (ulong)op.Start * Bs;
        var msg = new FuseIomapInvalOut(NodeId, AttrIno, off, Bs, off, Bs);
        Action? undo = null;
        (FuseIomapInvalOut, int) pick = (op.Extra % 6) switch
        {
            0 => (msg with { NodeId = 999 }, -FuseErrno.ESTALE),
            1 => (msg with { ReadOffset = off + 100 }, -FuseErrno.EIO),
            2 => (msg with { WriteLength = Bs + 1 }, -FuseErrno.EIO),
            3 => (msg with { ReadOffset = (ulong)MaxBytes }, -FuseErrno.EIO),
            4 => (msg, -FuseErrno.EIO),
            _ => (msg, -FuseErrno.EINVAL),
        };
        if (op.Extra % 6 == 4)
        {
            _inode.IsBad = true;
            undo = () => _inode.IsBad = false;
        }
        if (op.Extra % 6 == 5)
            undo = SetIomap(false);
        ExpectRejected(() => _conn.NotifyInval(pick.Item1), pick.Item2, $"bad inval {op.Extra % 6}", where);
        undo?.Invoke();
    }

    private void ExpectRejected(Func<int> send, int errno, string what, string where)
    {
        var before = Snapshot();
        var seq = _cache.Sequence;
        var enabled = _cache.CacheEnabled;
        var writeFork = _cache.WriteFork;
        var ret = send();
        Check(ret == errno, $"{what} returned {ret}, expected {errno} at {where}");
        Check(before.SequenceEqual(Snapshot()) && seq == _cache.Sequence && enabled == _cache.CacheEnabled && writeFork == _cache.WriteFork,
            $"{what} changed the cache at {where}");
        Rejected++;
    }

    private void CheckNoAsserts(string where)
    {
        Check(_cache.Asserts.Hits.Count == 0, $"kernel ASSERT hit at {where}: {string.Join("; ", _cache.Asserts.Hits)}");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
            throw new CacheMismatchException(message);
    }
}

public sealed class CacheMismatchException(string message) : Exception(message);
