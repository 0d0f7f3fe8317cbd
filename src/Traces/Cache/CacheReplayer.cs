using IomapModel.IextTree;
using IomapModel.IomapCache;

namespace IomapModel.Traces.Cache;

/// <summary>
/// Runs a cache-level trace against one inode's <see cref="IomapCache"/> and writes the result lines: <c>ret N</c> for
/// mutations and notifications, <c>hit ...</c>/<c>miss</c>/<c>nofork</c> for lookups, <c>seq N</c>, and shape dumps.
/// Directives (fs, dev, inode, conn) print nothing. <c>cache_*</c> events call the cache directly, as the kernel's own
/// callers do; <c>notify_*</c> events go through the notification handlers and their validation.
/// </summary>
public sealed class CacheReplayer
{
    private readonly TextWriter _out;
    private readonly IomapCacheOptions _options;
    private readonly IomapDeviceTable _devices = new();
    private readonly FuseIomapConnection _conn;
    private IomapGeometry _geometry = new();
    private IomapCache.IomapCache? _cache;
    private (ulong NodeId, ulong AttrIno) _inode = (1, 1);

    public CacheReplayer(TextWriter output, IomapCacheOptions? options = null)
    {
        _out = output;
        _options = options ?? new IomapCacheOptions();
        _conn = new FuseIomapConnection(_devices);
    }

    /// <summary>The inode's cache (created by the first event that needs it).</summary>
    public IomapCache.IomapCache Cache => _cache ??= CreateCache();

    private IomapCache.IomapCache CreateCache()
    {
        var cache = new IomapCache.IomapCache(_geometry, _devices, _options);
        _conn.AddInode(_inode.NodeId, _inode.AttrIno, cache);
        return cache;
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
            case CacheLookup look: _out.WriteLine(FormatLookup(Cache.Lookup(look.Fork, look.Offset, look.Length, out var map), map)); break;
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
