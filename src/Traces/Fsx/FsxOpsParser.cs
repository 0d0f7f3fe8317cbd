using System.Globalization;
using IomapModel.Traces.Import;
using IomapModel.Workloads;

namespace IomapModel.Traces.Fsx;

/// <summary>
/// Reads an fsx operation log (fstests <c>ltp/fsx.c --record-ops</c>, the text <c>--replay-ops</c> reads): one line per
/// operation, <c>[skip ]NAME ARG... [keep_size] [close_open] [unshare] [*]</c>, arguments in 0x-hex (decimal
/// accepted), <c>#</c> lines and blank lines comments, an optional <c># iomapmodel-capture v1</c> header whose
/// <c># command:</c> line tells O_DIRECT (<c>-Z</c>), <c>-L</c> (no O_TRUNC at the start) and the file's name. Each
/// line becomes the <see cref="FileOp"/>s fsx's op function makes: <c>mapwrite</c> past EOF an ftruncate first and
/// an msync(MS_SYNC) after the stores, <c>close_open</c> a close and an open after the op (after a <c>skip</c>ped one
/// too, and also right after a mapwrite's extending ftruncate, as fsx does). A <c>skip</c> line's operation is counted,
/// not run (fsx did not run it; its arguments are raw random numbers). Each op's <c>size_before</c> argument is checked
/// against the size the ops before it give. Errors are <see cref="TraceSyntaxException"/>s naming the line.
/// </summary>
public static class FsxOpsParser
{
    /// <summary>The longest read or write accepted (the bytes are held in memory).</summary>
    public const long MaxIo = 64 << 20;

    /// <summary>Offsets and lengths beyond this are not a file fsx could have made.</summary>
    public const long MaxOffset = 1L << 40;

    private enum Shape { Io, Truncate, Range, Pair, Fsync }

    private static readonly Dictionary<string, Shape> Ops = new(StringComparer.Ordinal)
    {
        ["read"] = Shape.Io, ["write"] = Shape.Io, ["mapread"] = Shape.Io, ["mapwrite"] = Shape.Io, ["write_atomic"] = Shape.Io,
        ["truncate"] = Shape.Truncate, ["fallocate"] = Shape.Range, ["punch_hole"] = Shape.Range, ["zero_range"] = Shape.Range,
        ["collapse_range"] = Shape.Range, ["insert_range"] = Shape.Range, ["clone_range"] = Shape.Pair,
        ["dedupe_range"] = Shape.Pair, ["copy_range"] = Shape.Pair, ["exchange_range"] = Shape.Pair, ["fsync"] = Shape.Fsync,
    };

    private static readonly string OpList = string.Join(", ", Ops.Keys);

    /// <summary>Whether <paramref name="text"/> (a line without its comment) is an fsx operation: an op name, or
    /// <c>skip</c> and one, followed by numbers (what <see cref="TraceFormats.Detect"/> asks of a headerless log).</summary>
    public static bool IsOperation(string text)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        int first = words.Length > 0 && words[0] == "skip" ? 1 : 0;
        return words.Length > first + 1 && Ops.ContainsKey(words[first])
            && words.Skip(first + 1).Take(3).All(w => w.StartsWith("0x", StringComparison.Ordinal) || w.All(char.IsAsciiDigit));
    }

    public static ImportedWorkload ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(path, reader);
    }

    public static ImportedWorkload Parse(string file, TextReader reader)
    {
        var lines = TraceReader.Lines(reader).ToList();
        var header = CaptureHeader.Read(lines);
        var report = new ImportReport();
        report.Notes.AddRange(header.Problems);
        var (name, direct, lite) = FromCommand(header.Command);
        var path = "/" + name;
        var f = report.File(path);
        var steps = new List<WorkloadStep>();
        var reopen = OpenFlags.ReadWrite | (direct ? OpenFlags.Direct : 0);
        int opLine = lines.FirstOrDefault(l => TraceReader.Significant(l.Text).Length > 0).Number;
        steps.Add(new(new FileOp.Open(path, reopen | (lite ? 0 : OpenFlags.Create | OpenFlags.Truncate)), "open (fsx start)", Math.Max(opLine, 1)));
        if (direct) f.Fill("O_DIRECT from -Z on the header's command line: reads and writes go direct");
        long size = 0;
        int ops = 0, sizeMismatches = 0;
        foreach (var (number, raw) in lines)
        {
            var text = TraceReader.Significant(raw);
            if (text.Length == 0) continue;
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            Exception Error(string expected) => new TraceSyntaxException(file, number, expected);
            bool skip = words[0] == "skip";
            var op = skip ? words.ElementAtOrDefault(1) : words[0];
            if (op is null || !Ops.TryGetValue(op, out var shape))
                throw Error($"expected an fsx operation ({OpList}) or 'skip OP ...', got '{op ?? text}'");
            if (skip)
            {
                // fsx's test() skips to its 'out:' label, which still closes and reopens the file.
                ImportReport.Count(report.Skipped, op);
                if (words.Contains("close_open"))
                {
                    steps.Add(new(new FileOp.Close(path), "close_open: close", number));
                    steps.Add(new(new FileOp.Open(path, reopen), "close_open: open", number));
                }
                continue;
            }
            int nargs = shape == Shape.Pair ? 4 : 3;
            if (words.Length < 1 + nargs)
                throw Error($"expected {nargs} arguments after '{op}' ({(shape == Shape.Pair ? "SRC LEN DST SIZE" : "OFF LEN SIZE")}), got {words.Length - 1}");
            var args = new long[nargs];
            for (int i = 0; i < nargs; i++) args[i] = Number(words[1 + i], Error);
            bool keepSize = false, closeOpen = false, unshare = false;
            foreach (var flag in words.Skip(1 + nargs))
                switch (flag)
                {
                    case "keep_size": keepSize = true; break;
                    case "close_open": closeOpen = true; break;
                    case "unshare": unshare = true; break;
                    case "*": break;
                    default: throw Error($"expected the flags keep_size, close_open, unshare or '*' after the arguments, got '{flag}'");
                }
            long sizeBefore = args[nargs - 1];
            if (sizeBefore != size && sizeMismatches++ < 3)
                report.Notes.Add($"line {number}: fsx logged size 0x{sizeBefore:x} before '{op}', the ops before it give 0x{size:x}");
            var kind = op + (keepSize ? " keep_size" : "") + (unshare ? " unshare" : "");
            f.Did(kind);
            ops++;
            void Step(FileOp o, string k) => steps.Add(new(o, k, number));
            var fill = WriteData.Filled(0, (byte)(ops % 255 + 1));
            switch (shape)
            {
                case Shape.Io:
                {
                    long off = args[0], len = Length(args[1], MaxIo, Error);
                    if (op == "mapwrite" && off + len > size)
                    {
                        // domapwrite extends with dotruncate, and closes and reopens right then too.
                        Step(new FileOp.Truncate(path, off + len), "mapwrite: ftruncate");
                        if (closeOpen)
                        {
                            Step(new FileOp.Close(path), "close_open: close");
                            Step(new FileOp.Open(path, reopen), "close_open: open");
                        }
                    }
                    var via = op.StartsWith("map", StringComparison.Ordinal) ? IoPath.Mmap : op == "write_atomic" ? IoPath.Direct : IoPath.Buffered;
                    if (op == "write_atomic") f.Fill("write_atomic replayed as an O_DIRECT write (RWF_ATOMIC is not modelled)");
                    Step(op.EndsWith("read", StringComparison.Ordinal)
                        ? new FileOp.Read(path, off, (int)len, via)
                        : new FileOp.Write(path, off, fill.WithLength((int)len), via), op);
                    if (op == "mapwrite") Step(new FileOp.Fsync(path, DataOnly: true), "mapwrite: msync");
                    if (!op.EndsWith("read", StringComparison.Ordinal)) size = Math.Max(size, off + len);
                    break;
                }
                case Shape.Truncate:
                    Step(new FileOp.Truncate(path, args[1]), op);
                    size = args[1];
                    break;
                case Shape.Range:
                {
                    long off = args[0], len = Length(args[1], MaxOffset, Error);
                    var mode = op switch
                    {
                        "fallocate" => unshare ? FallocMode.UnshareRange : FallocMode.Allocate,
                        "punch_hole" => FallocMode.PunchHole | FallocMode.KeepSize,
                        "zero_range" => FallocMode.ZeroRange,
                        "collapse_range" => FallocMode.CollapseRange,
                        _ => FallocMode.InsertRange,
                    };
                    if (keepSize) mode |= FallocMode.KeepSize;
                    Step(new FileOp.Fallocate(path, mode, off, len), kind);
                    size = op switch
                    {
                        "collapse_range" => size - len,
                        "insert_range" => size + len,
                        "fallocate" or "zero_range" when !keepSize => Math.Max(size, off + len),
                        _ => size,
                    };
                    break;
                }
                case Shape.Pair:
                {
                    long src = args[0], len = Length(args[1], MaxOffset, Error), dst = args[2];
                    Step(op switch
                    {
                        "copy_range" => new FileOp.CopyRange(path, src, path, dst, len),
                        "clone_range" => new FileOp.CloneRange(path, src, path, dst, len),
                        "dedupe_range" => new FileOp.DedupeRange(path, src, path, dst, len),
                        _ => new FileOp.ExchangeRange(path, src, path, dst, len),
                    }, op);
                    if (op is "copy_range" or "clone_range") size = Math.Max(size, dst + len);
                    break;
                }
                default:
                    Step(new FileOp.Fsync(path), op);
                    break;
            }
            if (closeOpen)
            {
                Step(new FileOp.Close(path), "close_open: close");
                Step(new FileOp.Open(path, reopen), "close_open: open");
            }
        }
        if (ops == 0) throw new TraceSyntaxException(file, Math.Max(lines.Count, 1), "expected at least one fsx operation that is not 'skip'");
        if (sizeMismatches > 3) report.Notes.Add($"{sizeMismatches} ops in all logged a size the ops before them do not give");
        f.FinalSize = size;
        return new ImportedWorkload(file, TraceFormat.FsxOps, "fsx-ops log", header, header.Mkfs, steps, report, null);
    }

    /// <summary>The file's name (the command's last word), O_DIRECT (<c>-Z</c>) and lite mode (<c>-L</c>) from the
    /// header's <c># command:</c> line; <c>fsx.dat</c>, buffered and O_TRUNC without one.</summary>
    private static (string Name, bool Direct, bool Lite) FromCommand(string? command)
    {
        if (command is null) return ("fsx.dat", false, false);
        var cut = command.IndexOf(" (", StringComparison.Ordinal);
        var words = (cut >= 0 ? command[..cut] : command).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var last = words.Length > 1 && !words[^1].StartsWith('-') ? Path.GetFileName(words[^1]) : "";
        var name = last.Length is > 0 and <= 255 ? last : "fsx.dat";
        return (name, words.Contains("-Z"), words.Contains("-L"));
    }

    private static long Number(string word, Func<string, Exception> error)
    {
        bool hex = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return long.TryParse(hex ? word.AsSpan(2) : word, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            && v is >= 0 and <= MaxOffset
            ? v : throw error($"expected a 0x-hex or decimal number from 0 to 2^40, got '{word}'");
    }

    private static long Length(long n, long max, Func<string, Exception> error) =>
        n is > 0 && n <= max ? n : throw error($"expected a length from 1 to {max}, got {n}");
}
