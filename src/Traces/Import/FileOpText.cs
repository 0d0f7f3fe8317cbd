using System.Globalization;
using IomapModel.Traces.Conform;
using IomapModel.Workloads;

namespace IomapModel.Traces.Import;

/// <summary>One line for any <see cref="FileOp"/>, for listings and step reports: the conform-script v1 form where the
/// operation has one (<see cref="ConformScriptText"/>), else the same shape (<c>read /a 0 4096 mmap</c>,
/// <c>open /a rw|creat|trunc</c>, <c>copy_range /a 0 /b 4096 8192</c>, <c>fallocate /a 0 4096 COLLAPSE_RANGE</c>).</summary>
public static class FileOpText
{
    public static string Format(FileOp op) => op switch
    {
        FileOp.Write { Via: IoPath.Buffered, Data.Fill: byte } or FileOp.Truncate or FileOp.Fsync { DataOnly: false }
            or FileOp.Fallocate { Operation: FallocMode.Allocate or FallocMode.ZeroRange } or FileOp.Fallocate { Mode: FallocMode.PunchHole | FallocMode.KeepSize }
            => ConformScriptText.Format(op),
        FileOp.Open o => $"open {o.Path} {Flags(o.Flags)}",
        FileOp.Close c => $"close {c.Path}",
        FileOp.Read r => $"read {r.Path} {N(r.Offset)} {N(r.Length)}{Via(r.Via)}",
        FileOp.Write w => $"write {w.Path} {N(w.Offset)} {N(w.Length)} {(w.Data.Fill is byte b ? $"0x{b:x2}" : "bytes")}{Via(w.Via)}",
        FileOp.Fallocate a => $"fallocate {a.Path} {N(a.Offset)} {N(a.Length)} {a.Mode.ToString().Replace(", ", "|", StringComparison.Ordinal)}",
        FileOp.Fsync s => $"fdatasync {s.Path}",
        FileOp.Syncfs s => $"syncfs {s.Path}",
        FileOp.Writeback b => $"writeback {b.Path} {N(b.Start)} {(b.End == long.MaxValue ? "eof" : N(b.End))}",
        FileOp.CopyRange c => $"copy_range {c.Path} {N(c.Offset)} {c.Destination} {N(c.DestinationOffset)} {N(c.Length)}",
        FileOp.CloneRange c => $"clone_range {c.Path} {N(c.Offset)} {c.Destination} {N(c.DestinationOffset)} {N(c.Length)}",
        FileOp.DedupeRange c => $"dedupe_range {c.Path} {N(c.Offset)} {c.Destination} {N(c.DestinationOffset)} {N(c.Length)}",
        FileOp.ExchangeRange c => $"exchange_range {c.Path} {N(c.Offset)} {c.Destination} {N(c.DestinationOffset)} {N(c.Length)}",
        FileOp.Evict e => $"evict {e.Path}",
        FileOp.Unlink u => $"unlink {u.Path}",
        _ => op.ToString(),
    };

    private static string Flags(OpenFlags f)
    {
        var words = new List<string> { f.HasFlag(OpenFlags.ReadWrite) ? "rw" : "ro" };
        if (f.HasFlag(OpenFlags.Create)) words.Add("creat");
        if (f.HasFlag(OpenFlags.Truncate)) words.Add("trunc");
        if (f.HasFlag(OpenFlags.Direct)) words.Add("direct");
        if (f.HasFlag(OpenFlags.Sync)) words.Add("sync");
        if (f.HasFlag(OpenFlags.DataSync)) words.Add("dsync");
        return string.Join('|', words);
    }

    private static string Via(IoPath via) => via switch { IoPath.Direct => " direct", IoPath.Mmap => " mmap", _ => "" };

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
