using IomapModel.IomapCache;

namespace IomapModel.Traces.Cache;

/// <summary>Turns the cache-level verbs of <c>iomap-trace v1</c> into <see cref="CacheTraceEvent"/>s.</summary>
public static class CacheTraceParser
{
    public static IReadOnlyList<CacheTraceEvent> Parse(string file, TextReader reader)
    {
        var events = new List<CacheTraceEvent>();
        var started = false;
        var inodes = new Dictionary<ulong, (ulong AttrIno, int Line)>();
        foreach (var line in TraceReader.Read(file, reader))
        {
            var e = ParseLine(line);
            if (started && e is FsDirective)
                throw line.Error($"expected '{line.Verb}' before the first cache or notify event");
            if (e is LookupExpectation && events.LastOrDefault() is not CacheLookup)
                throw line.Error("expected 'expect' right after a 'cache_lookup' line");
            if (e is InodeDirective ino && !inodes.TryAdd(ino.NodeId, (ino.AttrIno, line.Number)) && inodes[ino.NodeId].AttrIno != ino.AttrIno)
                throw line.Error($"expected attr_ino={inodes[ino.NodeId].AttrIno} for nodeid {ino.NodeId} (as on line {inodes[ino.NodeId].Line}), got {ino.AttrIno}");
            started |= e is not (FsDirective or InodeDirective or DevDirective or ConnDirective);
            events.Add(e);
        }
        return events;
    }

    public static IReadOnlyList<CacheTraceEvent> ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(path, reader);
    }

    private static CacheTraceEvent ParseLine(TraceLine l)
    {
        CacheTraceEvent e = l.Verb switch
        {
            "fs" => Fs(l),
            "dev" => Dev(l),
            "inode" => Positionless(l, () => new InodeDirective(l.Number, l.NamedUnsigned("nodeid", 1), l.NamedUnsigned("attr_ino", 1)), "nodeid, attr_ino"),
            "conn" => Positionless(l, () => new ConnDirective(l.Number, l.NamedUnsigned("iomap", 1) != 0), "iomap"),
            "cache_add" => Mapping(l, static (line, f, m) => new CacheAdd(line, f, m)),
            "cache_upsert" => Mapping(l, static (line, f, m) => new CacheUpsert(line, f, m)),
            "cache_remove" => Range(l, static (line, f, o, n) => new CacheRemove(line, f, o, n)),
            "cache_lookup" => Range(l, static (line, f, o, n) => new CacheLookup(line, f, o, n)),
            "cache_invalidate_range" => Invalidate(l),
            "cache_enable" => Bare(l, new CacheEnable(l.Number)),
            "try_cache" => Try(l),
            "seq" => Bare(l, new SeqQuery(l.Number)),
            "dump" => DumpFork(l),
            "notify_upsert" => Upsert(l),
            "notify_inval" => Inval(l),
            "expect" => Expect(l),
            _ => throw l.Error($"expected an event (fs, dev, inode, conn, cache_add, cache_remove, cache_upsert, " +
                               $"cache_invalidate_range, cache_lookup, expect, cache_enable, try_cache, seq, dump, notify_upsert, notify_inval), got '{l.Verb}'"),
        };
        return e;
    }

    private static IomapFork Fork(TraceLine l, int i) => l.Fork(i) == 'r' ? IomapFork.Read : IomapFork.Write;

    private static CacheTraceEvent Fs(TraceLine l)
    {
        l.Expect(0, "fs blocksize=B maxbytes=M");
        var bs = l.NamedUnsigned("blocksize", 4096);
        var max = l.NamedUnsigned("maxbytes", long.MaxValue);
        l.RejectUnusedNames("blocksize, maxbytes");
        if (bs < 512 || bs > 65536 || (bs & (bs - 1)) != 0)
            throw l.Error($"expected blocksize a power of two from 512 to 65536, got {bs}");
        if (max == 0 || max > long.MaxValue)
            throw l.Error($"expected maxbytes from 1 to {long.MaxValue}, got {max}");
        return new FsDirective(l.Number, (uint)bs, (long)max);
    }

    private static CacheTraceEvent Dev(TraceLine l)
    {
        l.Expect(1, "dev ID size=BYTES");
        var id = l.Unsigned(0, "device id");
        var size = l.NamedUnsigned("size");
        l.RejectUnusedNames("size");
        return id is 0 or > uint.MaxValue ? throw l.Error($"expected a device id from 1 to {uint.MaxValue}, got {id}") : new DevDirective(l.Number, (uint)id, size);
    }

    private static CacheTraceEvent Positionless(TraceLine l, Func<CacheTraceEvent> make, string known)
    {
        l.Expect(0, $"{l.Verb} {known.Replace(", ", "=N ")}=N");
        var e = make();
        l.RejectUnusedNames(known);
        return e;
    }

    private static CacheTraceEvent Mapping(TraceLine l, Func<int, IomapFork, FuseIomap, CacheTraceEvent> make)
    {
        l.Expect(7, $"{l.Verb} r|w OFF LEN ADDR TYPE FLAGS DEV");
        l.ExpectNoNames();
        var flags = l.Unsigned(5, "flags");
        var dev = l.Unsigned(6, "device cookie");
        if (flags > ushort.MaxValue) throw l.Error($"expected flags that fit in 16 bits, got {flags}");
        if (dev > uint.MaxValue) throw l.Error($"expected a device cookie that fits in 32 bits, got {dev}");
        var map = new FuseIomap(l.Signed(1, "offset"), l.Unsigned(2, "length"), l.Unsigned(3, "address"), l.Type(4),
            (FuseIomapFlags)flags, (uint)dev);
        return make(l.Number, Fork(l, 0), map);
    }

    private static CacheTraceEvent Range(TraceLine l, Func<int, IomapFork, long, ulong, CacheTraceEvent> make)
    {
        l.Expect(3, $"{l.Verb} r|w OFF LEN");
        l.ExpectNoNames();
        return make(l.Number, Fork(l, 0), l.Signed(1, "offset"), l.Length(2, "length"));
    }

    private static CacheTraceEvent Invalidate(TraceLine l)
    {
        l.Expect(2, "cache_invalidate_range OFF LEN");
        l.ExpectNoNames();
        return new CacheInvalidateRange(l.Number, l.Signed(0, "offset"), l.Length(1, "length"));
    }

    private static CacheTraceEvent Try(TraceLine l)
    {
        l.Expect(3, "try_cache POS COUNT OPS (OPS like write|direct, or a number)");
        l.ExpectNoNames();
        return new TryCache(l.Number, l.Signed(0, "position"), l.Unsigned(1, "count"), l.OpFlags(2));
    }

    private static CacheTraceEvent Bare(TraceLine l, CacheTraceEvent e)
    {
        l.Expect(0, l.Verb);
        l.ExpectNoNames();
        return e;
    }

    private static CacheTraceEvent DumpFork(TraceLine l)
    {
        l.Expect(1, "dump r|w");
        l.ExpectNoNames();
        return new Dump(l.Number, Fork(l, 0));
    }

    /// <summary><c>expect hit off= len= addr= type= flags= dev= [cookie=]</c> or <c>expect nohit</c>.</summary>
    private static CacheTraceEvent Expect(TraceLine l)
    {
        l.Expect(1, "expect hit|nohit [off=O len=L addr=A type=T flags=F dev=D cookie=C]");
        if (l.Word(0) == "nohit")
        {
            l.ExpectNoNames();
            return new LookupExpectation(l.Number, null, false);
        }
        if (l.Word(0) != "hit")
            throw l.Error($"expected 'hit' or 'nohit' after 'expect', got '{l.Word(0)}'");
        const string known = "off, len, addr, type, flags, dev, cookie";
        var flags = l.NamedUnsigned("flags");
        var dev = l.NamedUnsigned("dev");
        if (flags > ushort.MaxValue || dev > uint.MaxValue)
            throw l.Error("expected flags in 16 bits and dev in 32 bits");
        var cookie = l.NamedUnsigned("cookie", ulong.MaxValue);
        var map = new FuseIomap(unchecked((long)l.NamedUnsigned("off")), l.NamedUnsigned("len"), l.NamedUnsigned("addr"),
            l.NamedType("type", FuseIomapType.Hole), (FuseIomapFlags)flags, (uint)dev) { ValidityCookie = cookie };
        l.RejectUnusedNames(known);
        return new LookupExpectation(l.Number, map, l.HasName("cookie"));
    }

    private const string UpsertFields = "nodeid, attr_ino, read_offset, read_length, read_addr, read_type, read_flags, " +
        "read_dev, write_offset, write_length, write_addr, write_type, write_flags, write_dev";

    /// <summary>The struct fields by name; an absent field is 0, as in a zeroed C struct (so an absent write_type
    /// is HOLE, not NULL).</summary>
    private static CacheTraceEvent Upsert(TraceLine l)
    {
        l.Expect(0, "notify_upsert field=value ...");
        FuseIomap Side(string p)
        {
            var flags = l.NamedUnsigned(p + "flags");
            var dev = l.NamedUnsigned(p + "dev");
            if (flags > ushort.MaxValue || dev > uint.MaxValue)
                throw l.Error($"expected {p}flags in 16 bits and {p}dev in 32 bits");
            return new FuseIomap(unchecked((long)l.NamedUnsigned(p + "offset")), l.NamedUnsigned(p + "length"),
                l.NamedUnsigned(p + "addr"), l.NamedType(p + "type", FuseIomapType.Hole), (FuseIomapFlags)flags, (uint)dev);
        }
        var msg = new FuseIomapUpsertOut(l.NamedUnsigned("nodeid", 1), l.NamedUnsigned("attr_ino", 1), Side("read_"), Side("write_"));
        l.RejectUnusedNames(UpsertFields);
        return new NotifyUpsert(l.Number, msg);
    }

    private static CacheTraceEvent Inval(TraceLine l)
    {
        l.Expect(0, "notify_inval field=value ...");
        var msg = new FuseIomapInvalOut(l.NamedUnsigned("nodeid", 1), l.NamedUnsigned("attr_ino", 1),
            l.NamedUnsigned("read_offset"), l.NamedLength("read_length"),
            l.NamedUnsigned("write_offset"), l.NamedLength("write_length"));
        l.RejectUnusedNames("nodeid, attr_ino, read_offset, read_length, write_offset, write_length");
        return new NotifyInval(l.Number, msg);
    }
}
