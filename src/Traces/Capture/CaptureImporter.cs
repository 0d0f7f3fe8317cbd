using IomapModel.IomapCache;
using IomapModel.Traces.Cache;

namespace IomapModel.Traces.Capture;

/// <summary>
/// Turns a parsed capture into <c>iomap-trace v1</c> events, one inode cache per node id:
/// <list type="bullet">
/// <item><c>fuse_iomap_upsert</c>/<c>_inval</c> become <c>notify_upsert</c>/<c>notify_inval</c>: in the kernel they
/// went through notify validation, so the replay validates them too. The cache events the kernel then fired for the
/// same inode as part of the notification (<c>fuse_iomap_cache_enable</c>, then per fork <c>_cache_remove</c> and
/// <c>_cache_add</c> with the message's own ranges) are the notification's effect and are kept as comments only.</item>
/// <item>Any other <c>fuse_iomap_cache_add</c>/<c>_remove</c> (e.g. the removes of
/// <c>fuse_iomap_cache_invalidate_range</c> after truncate or an ioend) becomes <c>cache_add</c>/<c>cache_remove</c>,
/// called directly, because the kernel called the cache directly.</item>
/// <item><c>fuse_iomap_begin</c> becomes <c>try_cache</c> (the model's answer to that iomap_begin).</item>
/// <item><c>fuse_iomap_cache_lookup</c> becomes <c>cache_lookup</c> followed by <c>expect hit ...</c> from the
/// <c>_lookup_result</c> the same task fired next, or <c>expect nohit</c> when it fired none (a miss or no fork).</item>
/// </list>
/// The capture ends with each inode's <c>seq</c> and shape dumps.
/// </summary>
public sealed class CaptureImporter
{
    private readonly string _file;
    private readonly CaptureImportOptions _options;
    private readonly List<ImportedLine> _lines = [];
    private readonly List<string> _warnings = [];
    private readonly SortedDictionary<ulong, ulong> _inodes = [];
    private readonly Dictionary<ulong, Queue<(CapturedEvent Pattern, bool Optional, int Cause)>> _effects = [];
    private readonly Dictionary<int, (int Index, CapturedEvent Lookup)> _openLookups = [];
    private ulong? _selected;
    private (ulong Connection, int Line)? _connection;

    private CaptureImporter(string file, CaptureImportOptions options)
    {
        _file = Path.GetFileName(file);
        _options = options;
    }

    /// <summary>The imported lines and warnings (lost events, lookup results without a lookup).</summary>
    public static (IReadOnlyList<ImportedLine> Lines, IReadOnlyList<string> Warnings) Import(string file, Capture capture, CaptureImportOptions? options = null)
    {
        var importer = new CaptureImporter(file, options ?? new CaptureImportOptions());
        importer.Run(capture);
        return (importer._lines, importer._warnings);
    }

    private void Run(Capture capture)
    {
        foreach (var line in capture.LostEventLines)
            _warnings.Add($"{_file}:{line}: the ring buffer lost events here; the replay misses whatever they did");
        var events = capture.Events.Where(e => _options.NodeId is not { } n || e.NodeId == n).ToList();
        if (_options.BlockSize != 4096 || _options.MaxBytes != long.MaxValue)
            Emit(new FsDirective(0, _options.BlockSize, _options.MaxBytes), "geometry from the import options");
        foreach (var dev in Devices(events))
            Emit(new DevDirective(0, dev, ulong.MaxValue), "no tracepoint prints a device's size: the largest, so bounds checks pass");
        foreach (var e in events)
            Import(e);
        var last = events.Count > 0 ? events[^1].Line : 0;
        foreach (var (nodeId, ino) in _inodes)
        {
            Emit(new InodeDirective(last, nodeId, ino), $"the model's cache of nodeid {nodeId} after the capture");
            Emit(new SeqQuery(last), "");
            Emit(new Dump(last, IomapFork.Read), "");
            Emit(new Dump(last, IomapFork.Write), "");
        }
    }

    /// <summary>Device cookies the mappings name (registered so that notify validation finds them).</summary>
    private static IEnumerable<uint> Devices(List<CapturedEvent> events)
    {
        var names = new[] { "dev", "map_dev", "read_dev", "write_dev" };
        return events.SelectMany(e => names.Where(e.Fields.ContainsKey).Select(n => e[n]))
            .Where(d => d != FuseIomapConstants.DevNull && d < int.MaxValue).Select(d => (uint)d).Distinct().Order();
    }

    private void Import(CapturedEvent e)
    {
        CheckConnection(e);
        ResolveLookup(e);
        if (e.Name == CacheTracepointFormats.CacheLookupResult.Name)
            return;
        Select(e);
        if (Absorbed(e))
            return;
        var here = $"{_file}:{e.Line} {e.Name}";
        switch (e.Name)
        {
            case "fuse_iomap_begin":
                Emit(new TryCache(e.Line, (long)e["pos"], e["count"], (FuseIomapOp)e["opflags"]), here);
                break;
            case "fuse_iomap_upsert":
                var upsert = new FuseIomapUpsertOut(e.NodeId, e["attr_ino"], Side(e, "read_"), Side(e, "write_"));
                Emit(new NotifyUpsert(e.Line, upsert), here);
                // The tracepoint fires before the attr_ino check (seed 10154-10160): a mismatch changes nothing.
                if (upsert.AttrIno == e.Ino)
                    Expect(e, [.. Effects(e, IomapFork.Read, upsert.Read), .. Effects(e, IomapFork.Write, upsert.Write)], enable: true);
                else
                    _effects.Remove(e.NodeId);
                break;
            case "fuse_iomap_inval":
                var inval = new FuseIomapInvalOut(e.NodeId, e["attr_ino"], e["read_offset"], e["read_length"], e["write_offset"], e["write_length"]);
                Emit(new NotifyInval(e.Line, inval), here);
                List<CapturedEvent> removes = [];
                if (inval.ReadLength != 0)
                    removes.Add(Remove(e, IomapFork.Read, inval.ReadOffset, inval.ReadLength));
                if (inval.WriteLength != 0)
                    removes.Add(Remove(e, IomapFork.Write, inval.WriteOffset, inval.WriteLength));
                Expect(e, removes, enable: false);
                break;
            case "fuse_iomap_cache_enable":
                Emit(new CacheEnable(e.Line), here);
                break;
            case "fuse_iomap_cache_remove":
                Emit(new CacheRemove(e.Line, ForkOf(e), (long)e["offset"], e["length"]), here);
                break;
            case "fuse_iomap_cache_add":
                Emit(new CacheAdd(e.Line, ForkOf(e), MappingOf(e)), here);
                break;
            case "fuse_iomap_cache_lookup":
                Emit(new CacheLookup(e.Line, ForkOf(e), (long)e["pos"], e["count"]), here);
                _openLookups[e.Pid] = (_lines.Count, e);
                Emit(new LookupExpectation(e.Line, null, false), "no fuse_iomap_cache_lookup_result followed: a miss or no fork");
                break;
        }
    }

    /// <summary>Node ids are per connection; a capture of several mounts must be filtered first.</summary>
    private void CheckConnection(CapturedEvent e)
    {
        var conn = e["connection"];
        if (_connection is { } c && c.Connection != conn)
            throw new TraceSyntaxException(_file, e.Line,
                $"expected events of one FUSE connection ({c.Connection}, from line {c.Line}), got connection {conn}; keep one mount's lines (grep 'connection {c.Connection} ')");
        _connection ??= (conn, e.Line);
    }

    /// <summary>A lookup's answer is the next event its task fires: a matching lookup_result is a hit; anything else
    /// leaves the <c>expect nohit</c> in place.</summary>
    private void ResolveLookup(CapturedEvent e)
    {
        var isResult = e.Name == CacheTracepointFormats.CacheLookupResult.Name;
        if (_openLookups.Remove(e.Pid, out var open) && isResult && Matches(open.Lookup, e))
        {
            var hit = new FuseIomap((long)e["map_offset"], e["map_length"], e["map_addr"], (FuseIomapType)e["map_type"],
                (FuseIomapFlags)e["map_flags"], (uint)e["map_dev"]) { ValidityCookie = e["validity_cookie"] };
            _lines[open.Index] = new ImportedLine(new LookupExpectation(e.Line, hit, true),
                $"{_file}:{e.Line} {e.Name} got offset 0x{e["got_offset"]:x} length 0x{e["got_length"]:x} addr 0x{e["got_addr"]:x}");
        }
        else if (isResult)
            _warnings.Add($"{_file}:{e.Line}: {e.Name} follows no fuse_iomap_cache_lookup of the same task and range; ignored");
    }

    private static bool Matches(CapturedEvent lookup, CapturedEvent result) =>
        lookup.NodeId == result.NodeId && lookup["whichfork"] == result["whichfork"] && lookup["pos"] == result["pos"] && lookup["count"] == result["count"];

    /// <summary>Emits an <c>inode</c> line when the event addresses another inode than the one before.</summary>
    private void Select(CapturedEvent e)
    {
        _inodes.TryAdd(e.NodeId, e.Ino);
        if (_selected == e.NodeId)
            return;
        _selected = e.NodeId;
        Emit(new InodeDirective(e.Line, e.NodeId, e.Ino), $"{_file}:{e.Line}: ino {e.Ino}");
    }

    /// <summary>Whether <paramref name="e"/> is the next expected effect of a notification on its inode; a different
    /// event ends the notification (the kernel rejected the rest, or stopped at an error).</summary>
    private bool Absorbed(CapturedEvent e)
    {
        if (!_effects.TryGetValue(e.NodeId, out var queue))
            return false;
        while (queue.TryPeek(out var next) && next.Optional && next.Pattern.Name != e.Name)
            queue.Dequeue();
        if (queue.TryPeek(out var head) && head.Pattern.Name == e.Name && SameFields(head.Pattern, e))
        {
            queue.Dequeue();
            Emit(null, $"{_file}:{e.Line} {e.Name}: done by the notification on line {head.Cause}");
            return true;
        }
        _effects.Remove(e.NodeId);
        return false;
    }

    private static bool SameFields(CapturedEvent pattern, CapturedEvent e) =>
        pattern.Fields.All(kv => e.Fields.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private void Expect(CapturedEvent cause, List<CapturedEvent> effects, bool enable)
    {
        var queue = new Queue<(CapturedEvent, bool, int)>();
        if (enable)
            queue.Enqueue((Pattern(cause, "fuse_iomap_cache_enable", []), true, cause.Line));
        foreach (var effect in effects)
            queue.Enqueue((effect, false, cause.Line));
        _effects[cause.NodeId] = queue;
    }

    /// <summary>The remove and add <c>fuse_iomap_cache_upsert</c> does for one fork, unless its type is NULL.</summary>
    private static IEnumerable<CapturedEvent> Effects(CapturedEvent cause, IomapFork fork, FuseIomap map)
    {
        if (map.Type == FuseIomapType.Null)
            yield break;
        yield return Remove(cause, fork, unchecked((ulong)map.Offset), map.Length);
        yield return Pattern(cause, "fuse_iomap_cache_add", new()
        {
            ["whichfork"] = (ulong)fork, ["offset"] = unchecked((ulong)map.Offset), ["length"] = map.Length,
            ["maptype"] = (ulong)map.Type, ["mapflags"] = (ulong)map.Flags, ["dev"] = map.Dev, ["addr"] = map.Addr,
        });
    }

    private static CapturedEvent Remove(CapturedEvent cause, IomapFork fork, ulong offset, ulong length) =>
        Pattern(cause, "fuse_iomap_cache_remove", new() { ["whichfork"] = (ulong)fork, ["offset"] = offset, ["length"] = length });

    private static CapturedEvent Pattern(CapturedEvent cause, string name, Dictionary<string, ulong> fields) =>
        new(cause.Line, cause.Task, cause.Pid, name, fields);

    private static FuseIomap Side(CapturedEvent e, string p) =>
        new((long)e[p + "offset"], e[p + "length"], e[p + "addr"], (FuseIomapType)e[p + "maptype"], (FuseIomapFlags)e[p + "mapflags"], (uint)e[p + "dev"]);

    private static FuseIomap MappingOf(CapturedEvent e) =>
        new((long)e["offset"], e["length"], e["addr"], (FuseIomapType)e["maptype"], (FuseIomapFlags)e["mapflags"], (uint)e["dev"]);

    private static IomapFork ForkOf(CapturedEvent e) => (IomapFork)e["whichfork"];

    private void Emit(CacheTraceEvent? e, string comment) => _lines.Add(new ImportedLine(e, comment));
}
