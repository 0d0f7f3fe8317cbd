namespace IomapModel.IomapCache;

/// <summary>The Linux errno values the modelled kernel code returns (callers negate them, as the kernel does).</summary>
public static class FuseErrno
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int ENOTBLK = 15;
    public const int EINVAL = 22;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    /// <summary>What libfuse sends instead of a positive ("bad") error value from a handler.</summary>
    public const int ERANGE = 34;
    public const int ENOSYS = 38;
    public const int EOPNOTSUPP = 95;
    public const int ESTALE = 116;
    /// <summary>Also the kernel's EFSCORRUPTED.</summary>
    public const int EUCLEAN = 117;
}
