using static IomapModel.Traces.Capture.TraceArg;

namespace IomapModel.Traces.Capture;

/// <summary>
/// The TP_printk formats of the tracepoints that change or query the iomap cache, copied from the seed's
/// fs/fuse/fuse_trace.h (RFC v3) with their argument lists. Every event here shares the leading
/// <c>connection %u ino %llu nodeid %llu isize 0x%llx</c>.
/// </summary>
public static class CacheTracepointFormats
{
    private static readonly TraceArg[] Inode = [Dec("connection"), Dec("ino"), Dec("nodeid"), Hex("isize")];

    private static TraceArg[] With(params TraceArg[] rest) => [.. Inode, .. rest];

    /// <summary><c>fuse_iomap_begin</c> (seed 1244).</summary>
    public static readonly TraceEventFormat Begin = new("fuse_iomap_begin", 1244,
        "connection %u ino %llu nodeid %llu isize 0x%llx opflags (%s) pos 0x%llx count 0x%llx",
        With(Flags("opflags", TraceSymbolTables.Ops), Hex("pos"), Hex("count")));

    /// <summary><c>fuse_iomap_cache_remove</c> (seed 6804).</summary>
    public static readonly TraceEventFormat CacheRemove = new("fuse_iomap_cache_remove", 6804,
        "connection %u ino %llu nodeid %llu isize 0x%llx whichfork %s offset 0x%llx length 0x%llx caller %pS",
        With(Symbol("whichfork", TraceSymbolTables.Forks), Hex("offset"), Hex("length"), Text("caller_ip")));

    /// <summary><c>fuse_iomap_cache_add</c>, an event of the class <c>fuse_iomap_mapping_class</c> (seed 6849, 6863).</summary>
    public static readonly TraceEventFormat CacheAdd = new("fuse_iomap_cache_add", 6849,
        "connection %u ino %llu nodeid %llu isize 0x%llx whichfork %s offset 0x%llx length 0x%llx type %s mapflags (%s) dev %u addr 0x%llx caller %pS",
        With(Symbol("whichfork", TraceSymbolTables.Forks), Hex("offset"), Hex("length"),
            Symbol("maptype", TraceSymbolTables.Types), Flags("mapflags", TraceSymbolTables.MapFlags), Dec("dev"), Hex("addr"),
            Text("caller_ip")));

    /// <summary><c>fuse_iomap_cache_lookup</c> (seed 6896).</summary>
    public static readonly TraceEventFormat CacheLookup = new("fuse_iomap_cache_lookup", 6896,
        "connection %u ino %llu nodeid %llu isize 0x%llx whichfork %s pos 0x%llx count 0x%llx caller %pS",
        With(Symbol("whichfork", TraceSymbolTables.Forks), Hex("pos"), Hex("count"), Text("caller_ip")));

    /// <summary><c>fuse_iomap_cache_lookup_result</c> (seed 6959): only on a hit.</summary>
    public static readonly TraceEventFormat CacheLookupResult = new("fuse_iomap_cache_lookup_result", 6959,
        "connection %u ino %llu nodeid %llu isize 0x%llx whichfork %s pos 0x%llx count 0x%llx map offset 0x%llx length 0x%llx type %s mapflags (%s) dev %u addr 0x%llx got offset 0x%llx length 0x%llx addr 0x%llx cookie 0x%llx",
        With(Symbol("whichfork", TraceSymbolTables.Forks), Hex("pos"), Hex("count"),
            Hex("map_offset"), Hex("map_length"), Symbol("map_type", TraceSymbolTables.Types),
            Flags("map_flags", TraceSymbolTables.MapFlags), Dec("map_dev"), Hex("map_addr"),
            Hex("got_offset"), Hex("got_length"), Hex("got_addr"), Hex("validity_cookie")));

    /// <summary><c>fuse_iomap_upsert</c> (seed 9765): the FUSE_NOTIFY_IOMAP_UPSERT message. Note "read offset" with a
    /// space where the other fields have an underscore.</summary>
    public static readonly TraceEventFormat Upsert = new("fuse_iomap_upsert", 9765,
        "connection %u ino %llu nodeid %llu isize 0x%llx attr_ino 0x%llx read offset 0x%llx read_length 0x%llx read_addr 0x%llx read_maptype %s read_mapflags (%s) read_dev %u write_offset 0x%llx write_length 0x%llx write_addr 0x%llx write_maptype %s write_mapflags (%s) write_dev %u",
        With(Hex("attr_ino"), Hex("read_offset"), Hex("read_length"), Hex("read_addr"),
            Symbol("read_maptype", TraceSymbolTables.Types), Flags("read_mapflags", TraceSymbolTables.MapFlags), Dec("read_dev"),
            Hex("write_offset"), Hex("write_length"), Hex("write_addr"),
            Symbol("write_maptype", TraceSymbolTables.Types), Flags("write_mapflags", TraceSymbolTables.MapFlags), Dec("write_dev")));

    /// <summary><c>fuse_iomap_inval</c> (seed 9812): the FUSE_NOTIFY_IOMAP_INVAL message.</summary>
    public static readonly TraceEventFormat Inval = new("fuse_iomap_inval", 9812,
        "connection %u ino %llu nodeid %llu isize 0x%llx attr_ino 0x%llx read offset 0x%llx read_length 0x%llx write_offset 0x%llx write_length 0x%llx",
        With(Hex("attr_ino"), Hex("read_offset"), Hex("read_length"), Hex("write_offset"), Hex("write_length")));

    /// <summary><c>fuse_iomap_cache_enable</c>, a <c>fuse_inode_state_class</c> event (seed 3272, 9707): the cache bit went
    /// on. The state flags are not decoded.</summary>
    public static readonly TraceEventFormat CacheEnable = new("fuse_iomap_cache_enable", 3272,
        "connection %u ino %llu nodeid %llu isize 0x%llx state (%s)",
        With(Text("state")));

    public static readonly IReadOnlyDictionary<string, TraceEventFormat> ByName =
        new[] { Begin, CacheRemove, CacheAdd, CacheLookup, CacheLookupResult, Upsert, Inval, CacheEnable }.ToDictionary(f => f.Name);
}
