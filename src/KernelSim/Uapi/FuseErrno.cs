namespace IomapModel.KernelSim.Uapi;

/// <summary>The Linux errno values the simulated kernel and servers return (negated by callers).</summary>
public static class FuseErrno
{
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int ENOTBLK = 15;
    public const int ENOENT = 2;
    public const int EINVAL = 22;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int ENOSYS = 38;
    public const int EOPNOTSUPP = 95;
    public const int ESTALE = 116;
    public const int EUCLEAN = 117;
}
