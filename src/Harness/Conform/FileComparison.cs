namespace IomapModel.Harness.Conform;

/// <summary>One file compared between the live side and the model: sizes (null when absent) and the first byte that
/// differs, read in 1 MiB chunks so a large sparse file is never held whole.</summary>
internal sealed record FileComparison(string Path, long? LiveSize, long? ModelSize, long? FirstDifference, byte LiveByte, byte ModelByte)
{
    private const int Chunk = 1 << 20;

    public bool Agrees => LiveSize == ModelSize && FirstDifference is null;

    public static FileComparison Of(string path, IConformSide live, IConformSide model) =>
        Of(path, live.SizeOf(path), model.SizeOf(path), (o, n) => live.Read(path, o, n), (o, n) => model.Read(path, o, n));

    public static FileComparison Of(string path, long? liveSize, long? modelSize, Func<long, int, byte[]> liveRead, Func<long, int, byte[]> modelRead)
    {
        long common = Math.Min(liveSize ?? 0, modelSize ?? 0);
        for (long off = 0; off < common; off += Chunk)
        {
            int n = (int)Math.Min(Chunk, common - off);
            var (a, b) = (liveRead(off, n), modelRead(off, n));
            int len = Math.Min(a.Length, b.Length);
            int same = a.AsSpan(0, len).CommonPrefixLength(b.AsSpan(0, len));
            if (same < len) return new(path, liveSize, modelSize, off + same, a[same], b[same]);
            if (len < n) return new(path, liveSize, modelSize, off + len, 0, 0);   // a short read: the sizes lied
        }
        return new(path, liveSize, modelSize, null, 0, 0);
    }

    public override string ToString()
    {
        if (LiveSize is null && ModelSize is null) return $"{Path} absent on both";
        var sizes = $"{Path} size live={Show(LiveSize)} model={Show(ModelSize)}";
        if (FirstDifference is long at) return $"{sizes} data differs at {at} (live 0x{LiveByte:x2} model 0x{ModelByte:x2})";
        return LiveSize == ModelSize ? $"{sizes} data same" : $"{sizes} data same up to {Math.Min(LiveSize ?? 0, ModelSize ?? 0)}";
    }

    private static string Show(long? size) => size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "absent";
}
