using System.Globalization;
using IomapModel.Workloads;

namespace IomapModel.Traces.Conform;

/// <summary>Writes operations and scripts in <c>conform-script v1</c> syntax, as <see cref="ConformScriptParser"/> reads
/// them back: <c>write /a 2000 3000 0x33</c>, <c>truncate /a 52000</c>, <c>fallocate /a 0 4096 keep_size</c>,
/// <c>punch /a 0 4096</c>, <c>zero /a 0 4096</c>, <c>fsync /a</c>.</summary>
public static class ConformScriptText
{
    /// <exception cref="ArgumentException">The operation has no conform-script v1 form (an mmap store, a collapse, a
    /// copy, ...).</exception>
    public static string Format(FileOp op) => op switch
    {
        FileOp.Write { Via: IoPath.Buffered, Data.Fill: byte fill } w => $"write {w.Path} {N(w.Offset)} {N(w.Length)} 0x{fill:x2}",
        FileOp.Truncate t => $"truncate {t.Path} {N(t.Size)}",
        FileOp.Fallocate { Operation: FallocMode.Allocate } a => $"fallocate {a.Path} {N(a.Offset)} {N(a.Length)}{KeepSize(a)}",
        FileOp.Fallocate { Mode: FallocMode.PunchHole | FallocMode.KeepSize } p => $"punch {p.Path} {N(p.Offset)} {N(p.Length)}",
        FileOp.Fallocate { Operation: FallocMode.ZeroRange } z => $"zero {z.Path} {N(z.Offset)} {N(z.Length)}{KeepSize(z)}",
        FileOp.Fsync { DataOnly: false } s => $"fsync {s.Path}",
        _ => throw new ArgumentException($"conform-script v1 has no form for {op}", nameof(op)),
    };

    /// <summary>The whole script: header, the mkfs line when there is one, one operation per line.</summary>
    public static string Format(MkfsSpec? mkfs, IEnumerable<FileOp> ops)
    {
        var lines = new List<string> { TraceReader.ConformScriptHeader };
        if (mkfs is not null) lines.Add($"mkfs {mkfs}");
        lines.AddRange(ops.Select(Format));
        return string.Join('\n', lines) + '\n';
    }

    private static string KeepSize(FileOp.Fallocate a) => a.KeepSize ? " keep_size" : "";

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
