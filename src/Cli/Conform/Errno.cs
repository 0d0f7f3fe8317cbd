namespace IomapModel.Cli.Conform;

/// <summary>Prints a return value the way the kernel's tracepoints do: 0, or -ENAME for a negative errno.</summary>
public static class Errno
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [4] = "EINTR", [5] = "EIO", [9] = "EBADF", [11] = "EAGAIN", [12] = "ENOMEM",
        [13] = "EACCES", [17] = "EEXIST", [21] = "EISDIR", [22] = "EINVAL", [27] = "EFBIG", [28] = "ENOSPC",
        [30] = "EROFS", [34] = "ERANGE", [38] = "ENOSYS", [95] = "EOPNOTSUPP", [116] = "ESTALE", [117] = "EUCLEAN",
    };

    public static string Show(int ret) => ret >= 0 ? ret.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : Names.TryGetValue(-ret, out var n) ? "-" + n : $"-{-ret}";
}
