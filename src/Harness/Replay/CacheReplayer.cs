using IomapModel.IextTree;
using IomapModel.IomapCache;
using IomapModel.Traces.Cache;

namespace IomapModel.Harness.Replay;

/// <summary>
/// Runs a cache-level trace against the caches of one or more inodes and writes the result lines: <c>ret N</c> for
/// mutations and notifications, <c>hit ...</c>/<c>miss</c>/<c>nofork</c> for lookups, <c>seq N</c>, and shape dumps.
/// Directives (fs, dev, inode, conn) print nothing; <c>inode</c> selects which inode's cache the following events
/// address. <c>cache_*</c> events call the cache directly, as the kernel's own callers do; <c>notify_*</c> events go
/// through the notification handlers and their validation, which find the inode by node id. An <c>expect</c> after a
/// lookup prints a <c>mismatch ...</c> line when the model answered otherwise (<see cref="Mismatches"/>).
/// </summary>
public sealed class CacheReplayer
{
    private readonly TextWriter _out;
    private readonly IomapCacheOptions _options;
    private readonly IomapDeviceTable _devices = new();
    private readonly FuseIomapConnection _conn;
    private readonly KernelAsserts _asserts = new();
    private readonly SortedDictionary<ulong, IomapCache.IomapCache> _caches = [];
    private readonly List<string> _mismatches = [];
    private IomapGeometry _geometry = new();
    private (ulong NodeId, ulong AttrIno) _inode = (1, 1);
    private (IomapLookupResult Result, FuseIomap Map) _lastLookup;

    public CacheReplayer(TextWriter output, IomapCacheOptions? options = null)
    {
        _out = output;
        _options = options ?? new IomapCacheOptions();
        _conn = new FuseIomapConnection(_devices);
    }

    /// <summary>The selected inode's cache (created by the first event that needs it).</summary>
    public IomapCache.IomapCache Cache => _caches.TryGetValue(_inode.NodeId, out var cache) ? cache : CreateCache();

    /// <summary>Every inode's cache created so far, by node id.</summary>
    public IReadOnlyDictionary<ulong, IomapCache.IomapCache> Caches => _caches;

    /// <summary>The kernel ASSERTs that would have warned, across all inodes.</summary>
    public KernelAsserts Asserts => _asserts;

    /// <summary>One line per <c>expect</c> the model did not meet.</summary>
    public IReadOnlyList<string> Mismatches => _mismatches;

    /// <summary>Gives each new inode's cache its tracepoint sink (node id, attr_ino); null traces nothing.</summary>
    public Func<ulong, ulong, IIomapCacheTracepoints?>? TracepointsFor { get; init; }

    private IomapCache.IomapCache CreateCache()
    {
        var cache = new IomapCache.IomapCache(_geometry, _devices, _options, _asserts)
        {
            Tracepoints = TracepointsFor?.Invoke(_inode.NodeId, _inode.AttrIno),
        };
        _conn.AddInode(_inode.NodeId, _inode.AttrIno, cache);
        return _caches[_inode.NodeId] = cache;
    }

    public void Run(IEnumerable<CacheTraceEvent> events)
    {
        foreach (var e in events)
            Apply(e);
    }

    public void Apply(CacheTraceEvent e)
    {
        switch (e)
        {
            case FsDirective fs: _geometry = new IomapGeometry(fs.BlockSize, fs.MaxBytes); break;
            case DevDirective dev: _devices.Register(dev.Id, dev.Size); break;
            case InodeDirective ino: _inode = (ino.NodeId, ino.AttrIno); break;
            case ConnDirective conn: _conn.IomapEnabled = conn.Iomap; break;
            case CacheAdd add: Ret(Cache.Add(add.Fork, add.Map)); break;
            case CacheUpsert up: Ret(Cache.Upsert(up.Fork, up.Map)); break;
            case CacheRemove rm: Ret(Cache.Remove(rm.Fork, rm.Offset, rm.Length)); break;
            case CacheInvalidateRange inv: Ret(Cache.InvalidateRange(inv.Offset, inv.Length)); break;
            case CacheEnable: Cache.EnableCache(); Ret(0); break;
            case CacheLookup look:
                _lastLookup.Result = Cache.Lookup(look.Fork, look.Offset, look.Length, out _lastLookup.Map);
                _out.WriteLine(FormatLookup(_lastLookup.Result, _lastLookup.Map));
                break;
            case LookupExpectation expect: Check(expect); break;
            case TryCache t: _out.WriteLine(FormatTry(Cache.TryCache(t.Pos, t.Count, t.Ops))); break;
            case SeqQuery: _out.WriteLine($"seq {Cache.Sequence}"); break;
            case Dump d:
                _out.Write(IextShapeDump.Dump(Cache.ForkOf(d.Fork), d.Fork == IomapFork.Read ? 'r' : 'w'));
                break;
            case NotifyUpsert n: _ = Cache; Ret(_conn.NotifyUpsert(n.Message)); break;
            case NotifyInval n: _ = Cache; Ret(_conn.NotifyInval(n.Message)); break;
            default: throw new InvalidOperationException($"line {e.Line}: no replay for {e.GetType().Name}");
        }
    }

    private void Ret(int ret) => _out.WriteLine($"ret {ret}");

    /// <summary>Compares the last lookup with what the kernel answered; a hit compares every field of the trimmed
    /// mapping, and the cookie when the expectation has one.</summary>
    private void Check(LookupExpectation expect)
    {
        var (result, map) = _lastLookup;
        bool same = expect.Hit is not { } want
            ? result != IomapLookupResult.Hit
            : result == IomapLookupResult.Hit && map with { ValidityCookie = 0 } == want with { ValidityCookie = 0 }
              && (!expect.CheckCookie || map.ValidityCookie == want.ValidityCookie);
        if (same)
            return;
        var kernel = expect.Hit is { } h ? $"hit {h}" + (expect.CheckCookie ? $" cookie={h.ValidityCookie}" : "") : "miss or nofork";
        var line = $"mismatch: kernel {kernel}, model {FormatLookup(result, map)}";
        _mismatches.Add(line);
        _out.WriteLine(line);
    }

    /// <summary><c>try ret=R</c>, then the iomap and srcmap the cache filled (each <c>-</c> when untouched).</summary>
    public static string FormatTry(IomapModel.IomapCache.TryCacheResult r) =>
        $"try ret={r.Ret} iomap={Describe(r.Iomap)} srcmap={Describe(r.Srcmap)}";

    private static string Describe(FuseIomap? m) =>
        m is { } v ? $"[{v} cookie={v.ValidityCookie}]" : "-";

    /// <summary>The lookup result line; numbers decimal, type and flags as numbers, addr unsigned.</summary>
    public static string FormatLookup(IomapLookupResult result, in FuseIomap map) => result switch
    {
        IomapLookupResult.Hit => $"hit {map} cookie={map.ValidityCookie}",
        IomapLookupResult.Miss => "miss",
        _ => "nofork",
    };
}
