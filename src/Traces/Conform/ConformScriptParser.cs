using System.Text;
using IomapModel.Workloads;

namespace IomapModel.Traces.Conform;

/// <summary>
/// Parses <c>conform-script v1</c>: the header line, an optional <c>mkfs TOOL OPTIONS... size=BYTES</c> line before
/// the first operation, then one operation per line (<c>write PATH OFF LEN BYTE</c>, <c>truncate PATH SIZE</c>,
/// <c>fallocate PATH OFF LEN [keep_size]</c>, <c>punch PATH OFF LEN</c>, <c>zero PATH OFF LEN [keep_size]</c>,
/// <c>fsync PATH</c>). <c>#</c> comments, decimal or 0x-hex numbers. Every error is a
/// <see cref="TraceSyntaxException"/> <c>FILE:LINE: expected ...</c>.
/// </summary>
public static class ConformScriptParser
{
    /// <summary>The longest single write (the bytes are held in memory on both sides).</summary>
    public const int MaxWrite = 64 << 20;

    public static ConformScript ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(path, reader);
    }

    public static ConformScript Parse(string file, TextReader reader)
    {
        MkfsSpec? mkfs = null;
        var ops = new List<FileOp>();
        var lines = new List<int>();
        foreach (var l in TraceReader.Read(file, reader, TraceReader.ConformScriptHeader))
        {
            if (l.Verb == "mkfs")
            {
                if (mkfs != null) throw l.Error("expected one 'mkfs' line at most");
                if (ops.Count > 0) throw l.Error("expected the 'mkfs' line before the first operation");
                mkfs = Mkfs(l);
                continue;
            }
            l.ExpectNoNames();
            lines.Add(l.Number);
            ops.Add(l.Verb switch
            {
                "write" => Write(l),
                "truncate" => Args(l, 2, "truncate PATH SIZE", () => new FileOp.Truncate(PathOf(l), Offset(l, 1, "SIZE"))),
                "fallocate" => Fallocate(l, "fallocate PATH OFF LEN [keep_size]", FallocMode.Allocate, keepSizeWord: true),
                "punch" => Fallocate(l, "punch PATH OFF LEN", FallocMode.PunchHole | FallocMode.KeepSize, keepSizeWord: false),
                "zero" => Fallocate(l, "zero PATH OFF LEN [keep_size]", FallocMode.ZeroRange, keepSizeWord: true),
                "fsync" => Args(l, 1, "fsync PATH", () => new FileOp.Fsync(PathOf(l))),
                _ => throw l.Error($"expected an operation (write, truncate, fallocate, punch, zero, fsync) or 'mkfs', got '{l.Verb}'"),
            });
        }
        if (ops.Count == 0) throw new TraceSyntaxException(file, 1, "expected at least one operation after the header");
        return new ConformScript(file, mkfs, ops) { Lines = lines };
    }

    private static FileOp Args(TraceLine l, int n, string usage, Func<FileOp> make)
    {
        l.Expect(n, usage);
        return make();
    }

    /// <summary>PATH OFF LEN and, where the verb takes it, an optional trailing <c>keep_size</c> (FALLOC_FL_KEEP_SIZE).</summary>
    private static FileOp Fallocate(TraceLine l, string usage, FallocMode mode, bool keepSizeWord)
    {
        if (keepSizeWord && l.Count == 4 && l.Word(3) != "keep_size") throw l.Error($"expected 'keep_size' or nothing after LEN, got '{l.Word(3)}'");
        if (!keepSizeWord || l.Count != 4) l.Expect(3, usage);
        return new FileOp.Fallocate(PathOf(l), l.Count == 4 ? mode | FallocMode.KeepSize : mode, Offset(l, 1, "OFF"), Length(l, 2));
    }

    private static FileOp Write(TraceLine l)
    {
        l.Expect(4, "write PATH OFF LEN BYTE");
        var len = Length(l, 2);
        if (len > MaxWrite) throw l.Error($"expected LEN at most {MaxWrite} for a write, got {len}");
        var fill = l.Unsigned(3, "BYTE (the fill value, 0-255)");
        if (fill > 255) throw l.Error($"expected BYTE (the fill value) in 0-255, got {fill}");
        return new FileOp.Write(PathOf(l), Offset(l, 1, "OFF"), WriteData.Filled((int)len, (byte)fill));
    }

    private static string PathOf(TraceLine l)
    {
        var p = l.Word(0);
        var name = p.Length > 1 && p[0] == '/' ? p[1..] : "";
        if (name.Length == 0 || name.Contains('/') || name is "." or ".." || Encoding.UTF8.GetByteCount(name) > 255)
            throw l.Error($"expected PATH as /NAME, a file in the image's root directory (the model's server keeps files there), got '{p}'");
        return p;
    }

    private static long Offset(TraceLine l, int i, string what)
    {
        var v = l.Unsigned(i, what);
        return v <= long.MaxValue ? (long)v : throw l.Error($"expected {what} below 2^63, got {v}");
    }

    private static long Length(TraceLine l, int i)
    {
        var v = Offset(l, i, "LEN");
        return v > 0 ? v : throw l.Error("expected LEN greater than 0");
    }

    /// <summary><c>mkfs TOOL OPTIONS... size=BYTES</c>: the options are passed through as written.</summary>
    private static MkfsSpec Mkfs(TraceLine l)
    {
        const string usage = "expected 'mkfs TOOL OPTIONS... size=BYTES' with TOOL mkfs.ext2, mkfs.ext3 or mkfs.ext4";
        var words = l.Words;
        if (words.Count < 2 || !words[^1].StartsWith("size=", StringComparison.Ordinal)) throw l.Error($"{usage} (size= last)");
        if (!MkfsSpec.Tools.Contains(words[0])) throw l.Error($"{usage}, got tool '{words[0]}'");
        var size = l.NamedUnsigned("size");
        if (size < MkfsSpec.MinSize || size > long.MaxValue) throw l.Error($"expected size=BYTES of at least {MkfsSpec.MinSize}, got {size}");
        var options = words.Skip(1).SkipLast(1).ToList();
        if (options.Any(o => o.StartsWith("size=", StringComparison.Ordinal))) throw l.Error("expected size= once, as the last word");
        return new MkfsSpec(words[0], options, (long)size);
    }
}
