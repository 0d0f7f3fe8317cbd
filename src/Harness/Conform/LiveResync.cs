namespace IomapModel.Harness.Conform;

/// <summary>
/// Brings a live file back to the model's size and bytes after a step left them different, so the comparison goes on
/// from equal files and each later difference is something the later steps did (not the same one again): a truncate
/// to the model's size, then the model's bytes written over every run that differs (O_DIRECT, through the daemon).
/// The caller first attributes each difference (<see cref="DataRuns"/>) to a cause.
/// </summary>
internal static class LiveResync
{
    private const int Chunk = 1 << 20;

    /// <summary>One run [First, End) of bytes that differ, with the first differing byte of each side and whether
    /// every differing live byte in it is zero.</summary>
    public readonly record struct DiffRun(long First, long End, byte Live, byte Model, bool LiveZeros);

    /// <summary>Every run of [0, min of the sizes) where the bytes differ; runs less than <paramref name="join"/>
    /// bytes apart are joined (fewer, larger writes).</summary>
    public static List<DiffRun> DataRuns(string path, IConformSide live, IConformSide model, long join) =>
        DataRuns(Math.Min(live.SizeOf(path) ?? 0, model.SizeOf(path) ?? 0), (o, n) => live.Read(path, o, n), (o, n) => model.Read(path, o, n), join);

    /// <summary>The same over any two readers of <paramref name="common"/> bytes (the images after unmount).</summary>
    public static List<DiffRun> DataRuns(long common, Func<long, int, byte[]> liveRead, Func<long, int, byte[]> modelRead, long join)
    {
        var runs = new List<DiffRun>();
        for (long off = 0; off < common; off += Chunk)
        {
            int n = (int)Math.Min(Chunk, common - off);
            var (a, b) = (liveRead(off, n), modelRead(off, n));
            int len = Math.Min(a.Length, b.Length);
            for (int i = 0; i < len;)
            {
                int same = a.AsSpan(i, len - i).CommonPrefixLength(b.AsSpan(i, len - i));
                i += same;
                if (i >= len) break;
                int start = i;
                while (i < len && a[i] != b[i]) i++;
                long first = off + start, end = off + i;
                bool zeros = !a.AsSpan(start, i - start).ContainsAnyExcept((byte)0);
                if (runs.Count > 0 && first - runs[^1].End < join) runs[^1] = runs[^1] with { End = end, LiveZeros = runs[^1].LiveZeros && zeros };
                else runs.Add(new DiffRun(first, end, a[start], b[start], zeros));
            }
            if (len < n) break;   // a short read: the sizes lied; the size check says so
        }
        return runs;
    }

    /// <summary>Truncates the live file to the model's size when they differ (first, so the bytes are then compared
    /// over the whole file); 0, or the errno the live side returned.</summary>
    public static int Resize(string path, LiveSide live, ModelSide model)
    {
        if (model.SizeOf(path) is not long size) return -FuseErrno.ENOENT;
        return live.SizeOf(path) == size ? 0 : live.Apply(new Workloads.FileOp.Truncate(path, size));
    }

    /// <summary>Writes the model's bytes over <paramref name="runs"/>; 0, or the first errno the live side returned.</summary>
    public static int Write(string path, IReadOnlyList<DiffRun> runs, LiveSide live, ModelSide model)
    {
        foreach (var r in runs)
        {
            for (long off = r.First; off < r.End; off += Chunk)
            {
                int n = (int)Math.Min(Chunk, r.End - off);
                int err = live.WriteBytes(path, off, model.Read(path, off, n));
                if (err != 0) return err;
            }
        }
        return 0;
    }
}
