using System.Globalization;
using IomapModel.IomapCache;

namespace IomapModel.Traces.Cache;

/// <summary>
/// Prints <see cref="CacheTraceEvent"/>s as <c>iomap-trace v1</c> lines that <see cref="CacheTraceParser"/> reads back
/// to the same events: numbers decimal, offsets that do not fit a signed decimal as 0x-hex, types by name,
/// <c>eof</c> for FUSE_IOMAP_INVAL_TO_EOF lengths, op flags by name.
/// </summary>
internal static class CacheTraceWriter
{
    public static string Format(CacheTraceEvent e) => e switch
    {
        FsDirective fs => $"fs blocksize={fs.BlockSize} maxbytes={fs.MaxBytes}",
        DevDirective dev => $"dev {dev.Id} size={dev.Size}",
        InodeDirective ino => $"inode nodeid={ino.NodeId} attr_ino={ino.AttrIno}",
        ConnDirective conn => $"conn iomap={(conn.Iomap ? 1 : 0)}",
        CacheAdd add => $"cache_add {Fork(add.Fork)} {Mapping(add.Map)}",
        CacheUpsert up => $"cache_upsert {Fork(up.Fork)} {Mapping(up.Map)}",
        CacheRemove rm => $"cache_remove {Fork(rm.Fork)} {rm.Offset} {Length(rm.Length)}",
        CacheInvalidateRange inv => $"cache_invalidate_range {inv.Offset} {Length(inv.Length)}",
        CacheLookup look => $"cache_lookup {Fork(look.Fork)} {look.Offset} {look.Length}",
        LookupExpectation { Hit: null } => "expect nohit",
        LookupExpectation { Hit: { } h } x =>
            $"expect hit off={Unsigned(h.Offset)} len={h.Length} addr={h.Addr} type={Type(h.Type)} flags={(ushort)h.Flags} dev={h.Dev}"
            + (x.CheckCookie ? $" cookie={h.ValidityCookie}" : ""),
        CacheEnable => "cache_enable",
        TryCache t => $"try_cache {t.Pos} {t.Count} {Ops(t.Ops)}",
        SeqQuery => "seq",
        Dump d => $"dump {Fork(d.Fork)}",
        NotifyUpsert { Message: var m } =>
            $"notify_upsert nodeid={m.NodeId} attr_ino={m.AttrIno} {Side("read_", m.Read)} {Side("write_", m.Write)}",
        NotifyInval { Message: var m } =>
            $"notify_inval nodeid={m.NodeId} attr_ino={m.AttrIno} read_offset={m.ReadOffset} read_length={Length(m.ReadLength)} " +
            $"write_offset={m.WriteOffset} write_length={Length(m.WriteLength)}",
        _ => throw new ArgumentException($"no iomap-trace v1 form for {e.GetType().Name}"),
    };

    private static char Fork(IomapFork fork) => fork == IomapFork.Read ? 'r' : 'w';

    private static string Mapping(in FuseIomap m) =>
        $"{m.Offset} {m.Length} {m.Addr} {Type(m.Type)} {(ushort)m.Flags} {m.Dev}";

    private static string Side(string prefix, in FuseIomap m) =>
        $"{prefix}offset={Unsigned(m.Offset)} {prefix}length={m.Length} {prefix}addr={m.Addr} {prefix}type={Type(m.Type)} " +
        $"{prefix}flags={(ushort)m.Flags} {prefix}dev={m.Dev}";

    private static string Unsigned(long offset) => unchecked((ulong)offset).ToString(CultureInfo.InvariantCulture);

    private static string Length(ulong length) => length == FuseIomapConstants.InvalToEof ? "eof" : length.ToString(CultureInfo.InvariantCulture);

    private static string Type(FuseIomapType type) =>
        TraceLine.TypeNames.FirstOrDefault(kv => kv.Value == type).Key ?? ((ushort)type).ToString(CultureInfo.InvariantCulture);

    /// <summary><c>read</c> for none, names joined by '|' when every bit has one, else the number.</summary>
    private static string Ops(FuseIomapOp ops)
    {
        if (ops == FuseIomapOp.None)
            return "read";
        var names = TraceLine.OpNames.Where(o => ops.HasFlag(o.Value)).ToList();
        var known = names.Aggregate(FuseIomapOp.None, (a, o) => a | o.Value);
        return known == ops ? string.Join('|', names.Select(o => o.Key)) : ((uint)ops).ToString(CultureInfo.InvariantCulture);
    }
}
