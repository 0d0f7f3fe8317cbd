namespace IomapModel.Uapi;

/// <summary><c>FUSE_IOMAP_IOEND_*</c> (seed lines 3331-3341).</summary>
[Flags]
public enum FuseIomapIoendFlags : ushort
{
    None = 0,
    /// <summary>Out of place write extent.</summary>
    Shared = 1 << 0,
    /// <summary>Unwritten extent: the server converts [pos, pos+written) to written.</summary>
    Unwritten = 1 << 1,
    /// <summary>Don't merge into previous ioend (defined, never sent).</summary>
    Boundary = 1 << 2,
    /// <summary>Direct IO completion.</summary>
    Direct = 1 << 3,
    /// <summary>Set by the kernel when pos + written &gt; i_size.</summary>
    Append = 1 << 15,
}

/// <summary><c>struct fuse_iomap_ioend_in</c> (40 bytes, seed lines 3343-3352). <paramref name="Written"/> is a u32 in
/// the uapi (the kernel truncates larger sizes).</summary>
public readonly record struct FuseIomapIoendIn(
    FuseIomapIoendFlags IoendFlags, int Error, ulong AttrIno, ulong Pos, ulong NewAddr, uint Written);
