namespace IomapModel.Uapi;

/// <summary>The Linux errno values the modelled kernel code, the servers and the live system calls return (callers
/// negate them, as the kernel does), and their names: the one table of both.</summary>
public static class FuseErrno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int ENOTBLK = 15;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    /// <summary>What libfuse sends instead of a positive ("bad") error value from a handler.</summary>
    public const int ERANGE = 34;
    public const int ENOSYS = 38;
    public const int EOPNOTSUPP = 95;
    /// <summary>What a FUSE mount answers once its daemon is gone ("Transport endpoint is not connected").</summary>
    public const int ENOTCONN = 107;
    public const int ESTALE = 116;
    /// <summary>Also the kernel's EFSCORRUPTED.</summary>
    public const int EUCLEAN = 117;

    private static readonly Dictionary<int, string> Names = new()
    {
        [EPERM] = "EPERM", [ENOENT] = "ENOENT", [EINTR] = "EINTR", [EIO] = "EIO", [EBADF] = "EBADF", [EAGAIN] = "EAGAIN",
        [ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [ENOTBLK] = "ENOTBLK", [EEXIST] = "EEXIST", [EXDEV] = "EXDEV",
        [EISDIR] = "EISDIR", [EINVAL] = "EINVAL", [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC", [EROFS] = "EROFS",
        [ERANGE] = "ERANGE", [ENOSYS] = "ENOSYS", [EOPNOTSUPP] = "EOPNOTSUPP", [ENOTCONN] = "ENOTCONN", [ESTALE] = "ESTALE", [EUCLEAN] = "EUCLEAN",
    };

    /// <summary>The errno's name (<c>EIO</c>), or null for a number without one here.</summary>
    public static string? Name(int errno) => Names.GetValueOrDefault(errno);

    /// <summary>A return value the way the kernel's tracepoints print it: 0 (or a count), or -ENAME for a negative
    /// errno (-N when it has no name here).</summary>
    public static string Show(long ret) => ret >= 0 ? ret.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : ret >= int.MinValue && Name((int)-ret) is { } n ? "-" + n : $"-{-ret}";
}
