namespace IomapModel.Traces.Conform;

/// <summary>
/// One operation of a <c>conform-script v1</c> file: a system call on a file in the image's root directory, done
/// both on the live fuse2fs mount and in the model. <see cref="ToString"/> prints it back in script syntax.
/// </summary>
/// <param name="Line">The script line it came from.</param>
/// <param name="Path">The file, <c>/NAME</c> in the root directory.</param>
public abstract record ConformOp(int Line, string Path)
{
    /// <summary>Whether the operation creates a missing file (pwrite and fallocate open with O_CREAT; the others get
    /// -ENOENT).</summary>
    public virtual bool Creates => false;

    /// <summary>pwrite(2) of <paramref name="Length"/> bytes, all <paramref name="Fill"/>.</summary>
    public sealed record Write(int Line, string Path, long Offset, int Length, byte Fill) : ConformOp(Line, Path)
    {
        public override bool Creates => true;

        public byte[] Data() => Enumerable.Repeat(Fill, Length).ToArray();

        public override string ToString() => $"write {Path} {Offset} {Length} 0x{Fill:x2}";
    }

    /// <summary>truncate(2) down or up.</summary>
    public sealed record Truncate(int Line, string Path, long Size) : ConformOp(Line, Path)
    {
        public override string ToString() => $"truncate {Path} {Size}";
    }

    /// <summary>fallocate(2) mode 0, or FALLOC_FL_KEEP_SIZE.</summary>
    public sealed record Fallocate(int Line, string Path, long Offset, long Length, bool KeepSize) : ConformOp(Line, Path)
    {
        public override bool Creates => true;

        public override string ToString() => $"fallocate {Path} {Offset} {Length}{(KeepSize ? " keep_size" : "")}";
    }

    /// <summary>FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE (the kernel accepts a punch only with KEEP_SIZE).</summary>
    public sealed record Punch(int Line, string Path, long Offset, long Length) : ConformOp(Line, Path)
    {
        public override string ToString() => $"punch {Path} {Offset} {Length}";
    }

    /// <summary>FALLOC_FL_ZERO_RANGE, with FALLOC_FL_KEEP_SIZE when asked.</summary>
    public sealed record Zero(int Line, string Path, long Offset, long Length, bool KeepSize) : ConformOp(Line, Path)
    {
        public override string ToString() => $"zero {Path} {Offset} {Length}{(KeepSize ? " keep_size" : "")}";
    }

    /// <summary>fsync(2).</summary>
    public sealed record Fsync(int Line, string Path) : ConformOp(Line, Path)
    {
        public override string ToString() => $"fsync {Path}";
    }
}
