using IomapModel.IomapCache;
using IomapModel.Traces.Cache;
using IomapModel.Traces.Capture;

namespace IomapModel.Harness.Replay;

/// <summary>
/// Runs a cache trace through the model and prints the tracepoints a kernel would have fired, in the tracefs text
/// form of <see cref="CacheTracepointFormats"/>: what a capture of the same operations would look like. The cache
/// fires its own tracepoints (<see cref="IIomapCacheTracepoints"/>); <c>try_cache</c> is preceded by the
/// <c>fuse_iomap_begin</c> line its iomap_begin would print. Synthetic fields: one task, CPU 0, a timestamp that
/// moves one microsecond per line, connection 45 (0:45), isize 0, callers as <c>iomapmodel</c>.
/// </summary>
public sealed class CaptureRecorder
{
    public const string Task = "iomapmodel";
    public const int Pid = 4242;
    public const ulong Connection = 45;

    private readonly TextWriter _out;
    private ulong _microseconds = 1_000_000;

    private CaptureRecorder(TextWriter output) => _out = output;

    /// <summary>The capture text for <paramref name="events"/>, with the <c>trace</c> file's header.</summary>
    public static string Record(IEnumerable<CacheTraceEvent> events, IomapCacheOptions? options = null)
    {
        var text = new StringWriter();
        text.WriteLine("# tracer: nop");
        text.WriteLine("#");
        text.WriteLine("# synthesised by iomapmodel from the seed's TP_printk formats (no RFC kernel ran this)");
        text.WriteLine("#");
        var recorder = new CaptureRecorder(text);
        var replayer = new CacheReplayer(TextWriter.Null, options) { TracepointsFor = (node, ino) => new InodeSink(recorder, node, ino) };
        (ulong NodeId, ulong Ino) inode = (1, 1);
        foreach (var e in events)
        {
            if (e is InodeDirective ino)
                inode = (ino.NodeId, ino.AttrIno);
            if (e is TryCache t)
                recorder.Write(CacheTracepointFormats.Begin, inode.NodeId, inode.Ino,
                    new() { ["opflags"] = (ulong)t.Ops, ["pos"] = unchecked((ulong)t.Pos), ["count"] = t.Count });
            replayer.Apply(e);
        }
        return text.ToString();
    }

    private void Write(TraceEventFormat format, ulong nodeId, ulong ino, Dictionary<string, ulong> fields)
    {
        fields["connection"] = Connection;
        fields["ino"] = ino;
        fields.TryAdd("nodeid", nodeId);
        fields["isize"] = 0;
        var texts = new Dictionary<string, string> { ["caller_ip"] = "iomapmodel+0x0/0x0", ["state"] = "iomap_cache" };
        _out.WriteLine(FtraceLine.Format(Task, Pid, 0, _microseconds++, format.Name) + format.Format(fields, texts));
    }

    private static Dictionary<string, ulong> Mapping(IomapFork fork, in FuseIomap m) => new()
    {
        ["whichfork"] = (ulong)fork, ["offset"] = unchecked((ulong)m.Offset), ["length"] = m.Length,
        ["maptype"] = (ulong)m.Type, ["mapflags"] = (ulong)m.Flags, ["dev"] = m.Dev, ["addr"] = m.Addr,
    };

    private static void Side(Dictionary<string, ulong> fields, string p, in FuseIomap m)
    {
        fields[p + "offset"] = unchecked((ulong)m.Offset);
        fields[p + "length"] = m.Length;
        fields[p + "addr"] = m.Addr;
        fields[p + "maptype"] = (ulong)m.Type;
        fields[p + "mapflags"] = (ulong)m.Flags;
        fields[p + "dev"] = m.Dev;
    }

    /// <summary>One inode's tracepoints, printed with its node id and <c>orig_ino</c>.</summary>
    private sealed class InodeSink(CaptureRecorder r, ulong nodeId, ulong ino) : IIomapCacheTracepoints
    {
        public void CacheRemove(IomapFork fork, long offset, ulong length) =>
            r.Write(CacheTracepointFormats.CacheRemove, nodeId, ino,
                new() { ["whichfork"] = (ulong)fork, ["offset"] = unchecked((ulong)offset), ["length"] = length });

        public void CacheAdd(IomapFork fork, in FuseIomap map) =>
            r.Write(CacheTracepointFormats.CacheAdd, nodeId, ino, Mapping(fork, map));

        public void CacheLookup(IomapFork fork, long pos, ulong count) =>
            r.Write(CacheTracepointFormats.CacheLookup, nodeId, ino,
                new() { ["whichfork"] = (ulong)fork, ["pos"] = unchecked((ulong)pos), ["count"] = count });

        public void CacheLookupResult(IomapFork fork, long pos, ulong count, in FuseIomap got, in FuseIomap map) =>
            r.Write(CacheTracepointFormats.CacheLookupResult, nodeId, ino, new()
            {
                ["whichfork"] = (ulong)fork, ["pos"] = unchecked((ulong)pos), ["count"] = count,
                ["map_offset"] = unchecked((ulong)map.Offset), ["map_length"] = map.Length, ["map_type"] = (ulong)map.Type,
                ["map_flags"] = (ulong)map.Flags, ["map_dev"] = map.Dev, ["map_addr"] = map.Addr,
                ["got_offset"] = unchecked((ulong)got.Offset), ["got_length"] = got.Length, ["got_addr"] = got.Addr,
                ["validity_cookie"] = map.ValidityCookie,
            });

        /// <summary>The message's nodeid, as the seed's TP_fast_assign takes it from outarg.</summary>
        public void Upsert(in FuseIomapUpsertOut outarg)
        {
            var fields = new Dictionary<string, ulong> { ["nodeid"] = outarg.NodeId, ["attr_ino"] = outarg.AttrIno };
            Side(fields, "read_", outarg.Read);
            Side(fields, "write_", outarg.Write);
            r.Write(CacheTracepointFormats.Upsert, nodeId, ino, fields);
        }

        public void Inval(in FuseIomapInvalOut outarg) =>
            r.Write(CacheTracepointFormats.Inval, nodeId, ino, new()
            {
                ["nodeid"] = outarg.NodeId, ["attr_ino"] = outarg.AttrIno, ["read_offset"] = outarg.ReadOffset,
                ["read_length"] = outarg.ReadLength, ["write_offset"] = outarg.WriteOffset, ["write_length"] = outarg.WriteLength,
            });

        public void CacheEnable() => r.Write(CacheTracepointFormats.CacheEnable, nodeId, ino, []);
    }
}
