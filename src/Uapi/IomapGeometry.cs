namespace IomapModel.Uapi;

/// <summary>The filesystem geometry a server answers FUSE_IOMAP_CONFIG with (seed 5823-5845) and all the cache needs
/// of the inode and its superblock: <c>i_blocksize</c> and <c>s_maxbytes</c> (fuse's default <c>MAX_LFS_FILESIZE</c>,
/// which FUSE_IOMAP_CONFIG may lower).</summary>
public sealed record IomapGeometry(uint BlockSize = 4096, long MaxBytes = long.MaxValue)
{
    /// <summary>The kernel's <c>round_down</c> on loff_t (power-of-two block sizes).</summary>
    public long RoundDown(long x) => x & ~((long)BlockSize - 1);

    /// <summary>The kernel's <c>round_up</c> on loff_t, wrapping like the C: <c>round_up(LLONG_MAX, 4096)</c> is
    /// LLONG_MIN.</summary>
    public long RoundUp(long x) => unchecked(((x - 1) | ((long)BlockSize - 1)) + 1);

    /// <summary><c>round_up</c> on a u64.</summary>
    public ulong RoundUp(ulong x) => unchecked(((x - 1) | ((ulong)BlockSize - 1)) + 1);

    public bool IsAligned(ulong x) => (x & ((ulong)BlockSize - 1)) == 0;
}
