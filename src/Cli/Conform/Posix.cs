using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IomapModel.Cli.Conform;

/// <summary>The file syscalls .NET does not wrap: fallocate(2) modes and fsync(2), on an open file's descriptor.</summary>
public static class Posix
{
    public const int FallocKeepSize = 0x01;
    public const int FallocPunchHole = 0x02;
    public const int FallocZeroRange = 0x10;

    /// <summary>fallocate(2); returns 0 or the errno (EOPNOTSUPP 95, EINVAL 22, ...).</summary>
    public static int Fallocate(SafeFileHandle file, int mode, long offset, long length)
    {
        bool added = false;
        file.DangerousAddRef(ref added);
        try
        {
            return fallocate((int)file.DangerousGetHandle(), mode, offset, length) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            if (added) file.DangerousRelease();
        }
    }

    /// <summary>fallocate(2) that must succeed.</summary>
    public static void FallocateOrThrow(string path, int mode, long offset, long length)
    {
        using var f = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        int err = Fallocate(f, mode, offset, length);
        if (err != 0) throw new IOException($"fallocate({path}, mode {mode:x}, {offset}, {length}) failed with errno {err}");
    }

    [DllImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static extern int fallocate(int fd, int mode, long offset, long len);
}
