namespace IomapModel.Workloads.Shadow;

/// <summary>
/// The expected contents of every file a workload touches (<see cref="ShadowBytes"/> each), kept by applying the same
/// <see cref="FileOp"/>s the sides ran, with what they returned: a write stores the bytes it wrote, a truncate
/// resizes, a fallocate zeroes, grows or shifts as <see cref="FallocEffect"/> says, an O_TRUNC open empties, a copy
/// or clone copies what it copied. An operation that failed, and one that changes no bytes (a read, fsync,
/// writeback, eviction, dedupe), leaves them alone. Files start empty unless <see cref="Start"/> says otherwise.
/// </summary>
public sealed class ShadowFiles
{
    private readonly Dictionary<string, ShadowBytes> _files = new(StringComparer.Ordinal);

    /// <summary>The file's expected bytes (empty for a file not seen yet).</summary>
    public ShadowBytes this[string path] => _files.TryGetValue(FilePath.Name(path), out var f) ? f : _files[FilePath.Name(path)] = new();

    /// <summary>A file that exists before the workload, with these bytes (an image's file, as a first read returns it).</summary>
    public void Start(string path, IEnumerable<byte> bytes) => _files[FilePath.Name(path)] = new ShadowBytes(bytes);

    public void Apply(FileOp op, OpOutcome outcome)
    {
        if (outcome.Ret < 0) return;
        switch (op)
        {
            case FileOp.Open o when o.Flags.HasFlag(OpenFlags.Truncate):
                this[o.Path].Resize(0);
                break;
            case FileOp.Write w:
                if (Math.Min(outcome.Ret, w.Length) is > 0 and var n) this[w.Path].Write(w.Offset, w.Data.ToArray().AsSpan(0, (int)n));
                break;
            case FileOp.Truncate t:
                this[t.Path].Resize(t.Size);
                break;
            case FileOp.Fallocate a:
                var file = this[a.Path];
                var effect = FallocEffect.Of(a.Mode);
                if (effect.ZeroesRange) file.Zero(a.Offset, a.Length);
                if (effect.GrowsSize) file.Extend(a.Offset + a.Length);
                if (effect.Shift < 0) file.Collapse(a.Offset, a.Length);
                if (effect.Shift > 0) file.Insert(a.Offset, a.Length);
                break;
            case FileOp.CopyRange c when outcome.Ret > 0:
                Copy(c.Path, c.Offset, c.Destination, c.DestinationOffset, outcome.Ret);
                break;
            case FileOp.CloneRange c:
                Copy(c.Path, c.Offset, c.Destination, c.DestinationOffset, c.Length);
                break;
            case FileOp.Unlink u:
                _files.Remove(FilePath.Name(u.Path));
                break;
        }
    }

    private void Copy(string from, long offset, string to, long toOffset, long length)
    {
        var source = this[from];
        long n = Math.Min(length, source.Count - offset);
        if (n > 0) this[to].Write(toOffset, source.GetRange(offset, (int)n));
    }
}
