using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

/// <summary>
/// The key of a difference no known divergence explains: what kind of difference (return values, size, data), on
/// which file, after which kind of operation, and where the first differing byte lies relative to the operation's
/// range (before it, in it, after it) and which side reads zeros there. The same problem met again at a later step
/// gets the same key (one cause, many steps); a difference of another kind, on another file or elsewhere relative to
/// the operation stays a cause of its own. Step numbers, offsets and byte values are never part of a key, so a shrunk
/// script that shows the same problem has the same key.
/// </summary>
internal static class UnknownCauseKey
{
    /// <summary><c>punch /a: live 0 model -EIO</c>.</summary>
    public static string Errno(FileOp op, int live, int model) => $"{Name(op)} {op.Path}: live {FuseErrno.Show(live)} model {FuseErrno.Show(model)}";

    /// <summary><c>write /b: size differs (live larger)</c>.</summary>
    public static string Size(FileOp op, string path, long? live, long? model) => $"{Name(op)} {path}: {SizeDiffers(live, model)}";

    /// <summary><c>punch /a: data differs after the range (live reads zeros)</c>: where the first differing byte
    /// <paramref name="at"/> lies relative to the operation's range (<see cref="Range"/>), and which side reads zeros.</summary>
    public static string Data(FileOp op, long eofBefore, string path, long at, byte live, byte model)
    {
        var where = op.Path != path ? " (another file)"
            : Range(op, eofBefore) is { } r ? at < r.First ? " before the range" : at < r.End ? " in the range" : " after the range"
            : "";
        return $"{Name(op)} {path}: data differs{where} ({Zeros(live, model)})";
    }

    /// <summary>After unmount: <c>on disk /a: data differs (model reads zeros)</c>.</summary>
    public static string OnDisk(FileComparison cmp) =>
        $"on disk {cmp.Path}: {(cmp.LiveSize != cmp.ModelSize ? SizeDiffers(cmp.LiveSize, cmp.ModelSize) : $"data differs ({Zeros(cmp.LiveByte, cmp.ModelByte)})")}";

    /// <summary>After unmount: <c>blocks of /a: live hole, model written</c> (every run of that pair in the file).</summary>
    public static string Classes(string path, ClassDifference d) => $"blocks of {path}: {d.Pair}";

    public const string E2fsckUnclean = "after unmount: e2fsck -fn finds the live image not clean";

    public static string ModelSync(int err) => $"after unmount: the model's syncfs returned {FuseErrno.Show(err)}";

    /// <summary>The operation's verb as a conform script writes it (any other operation: its record name).</summary>
    public static string Name(FileOp op) => op switch
    {
        FileOp.Fallocate { Operation: FallocMode.PunchHole } => "punch",
        FileOp.Fallocate { Operation: FallocMode.ZeroRange } => "zero",
        FileOp.Fallocate { Operation: FallocMode.Allocate } => "fallocate",
        _ => op.GetType().Name.ToLowerInvariant(),
    };

    /// <summary>The bytes an operation is about: a write's or fallocate's range, a truncate's span between the old and
    /// the new size; null for the others.</summary>
    public static (long First, long End)? Range(FileOp op, long eofBefore) => op switch
    {
        FileOp.Write w => (w.Offset, w.Offset + w.Length),
        FileOp.Fallocate a => (a.Offset, a.Offset + a.Length),
        FileOp.Truncate t => (Math.Min(t.Size, eofBefore), Math.Max(t.Size, eofBefore)),
        _ => null,
    };

    private static string SizeDiffers(long? live, long? model) =>
        live is null ? "absent live" : model is null ? "absent in the model" : $"size differs ({(live > model ? "live" : "model")} larger)";

    private static string Zeros(byte live, byte model) => live == 0 ? "live reads zeros" : model == 0 ? "model reads zeros" : "both read data";
}
