namespace IomapModel.Conformance.Support;

/// <summary>One scripted operation of the live fuse2fs run: done for real on a file under the mount (returning 0 or
/// the errno) and, when it succeeded, applied to the file's <see cref="ShadowFile"/>.</summary>
public abstract record LiveOp(string File)
{
    /// <summary>Does it through the mount; 0 or the errno.</summary>
    public abstract int Apply(string path);

    public abstract void Model(ShadowFile shadow);

    /// <summary>The errnos this operation may legitimately get (0 always among them unless stated).</summary>
    public virtual IReadOnlySet<int> AllowedErrnos() => new HashSet<int> { 0 };

    private static int RealFallocate(string path, FallocMode mode, long offset, long length)
    {
        using var files = new IomapModel.Workloads.Live.LiveFiles(Path.GetDirectoryName(path)!);
        return -(int)files.Apply(new IomapModel.Workloads.FileOp.Fallocate(Path.GetFileName(path), mode, offset, length)).Ret;
    }

    /// <summary>Deterministic non-zero bytes for a write, different per seed.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        for (int i = 0; i < length; i++) data[i] = (byte)((i * 13 + seed * 101) % 251 + 1);
        return data;
    }

    /// <summary>pwrite of <see cref="Pattern"/> bytes (creates the file).</summary>
    public sealed record Write(string File, long Offset, int Length, int Seed) : LiveOp(File)
    {
        public override int Apply(string path)
        {
            using var f = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write);
            f.Position = Offset;
            f.Write(Pattern(Length, Seed));
            return 0;
        }

        public override void Model(ShadowFile shadow) => shadow.Write(Offset, Pattern(Length, Seed));
    }

    /// <summary>truncate(2) down or up.</summary>
    public sealed record Truncate(string File, long Size) : LiveOp(File)
    {
        public override int Apply(string path)
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
            f.SetLength(Size);
            return 0;
        }

        public override void Model(ShadowFile shadow) => shadow.Truncate(Size);
    }

    /// <summary>fallocate(2) mode 0 or FALLOC_FL_KEEP_SIZE.</summary>
    public sealed record Fallocate(string File, long Offset, long Length, bool KeepSize) : LiveOp(File)
    {
        public override int Apply(string path)
        {
            return RealFallocate(path, KeepSize ? FallocMode.KeepSize : FallocMode.Allocate, Offset, Length);
        }

        public override void Model(ShadowFile shadow) => shadow.Fallocate(Offset, Length, KeepSize);
    }

    /// <summary>FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE.</summary>
    public sealed record PunchHole(string File, long Offset, long Length) : LiveOp(File)
    {
        public override int Apply(string path)
        {
            return RealFallocate(path, FallocMode.PunchHole | FallocMode.KeepSize, Offset, Length);
        }

        public override void Model(ShadowFile shadow) => shadow.PunchHole(Offset, Length);
    }

    /// <summary>FALLOC_FL_ZERO_RANGE | KEEP_SIZE, which Debian 12's fuse2fs (1.47.0) refuses with EINVAL; allowed to
    /// succeed (then modelled as zeroing the bytes) or to fail with EINVAL/EOPNOTSUPP (then nothing changes).</summary>
    public sealed record ZeroRange(string File, long Offset, long Length) : LiveOp(File)
    {
        public override int Apply(string path)
        {
            return RealFallocate(path, FallocMode.ZeroRange | FallocMode.KeepSize, Offset, Length);
        }

        public override void Model(ShadowFile shadow)
        {
            long end = Math.Min(Offset + Length, shadow.Size);
            if (end > Offset) shadow.Write(Offset, new byte[end - Offset]);
        }

        public override IReadOnlySet<int> AllowedErrnos() => new HashSet<int> { 0, 22, 95 };
    }
}
