using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IomapModel.Cli.Conform;

/// <summary>
/// The system calls a conform step makes on a file under the live mount, each returning 0 or a negative errno (the
/// kernel's convention, as the model returns them). Files are opened with O_DIRECT, so reads and writes go to the
/// fuse2fs daemon as FUSE_READ/FUSE_WRITE instead of stopping in the page cache: what is read back is what the daemon
/// holds, and nothing is left for a later flush to change.
/// </summary>
public static class LiveFileCalls
{
    private const int ORdonly = 0, ORdwr = 2, OCreat = 0x40;

    /// <summary>O_DIRECT differs between architectures (040000 on x86-64, 0200000 on arm64).</summary>
    private static int ODirect => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    /// <summary>open(2) with O_DIRECT, read-write (and O_CREAT when <paramref name="create"/>) or read-only.</summary>
    public static int Open(string path, bool create, bool write, out SafeFileHandle file)
    {
        int flags = (write ? ORdwr : ORdonly) | ODirect | (create ? OCreat : 0);
        int fd = open(path, flags, 0x1a4 /* 0644 */);
        file = new SafeFileHandle(fd < 0 ? -1 : fd, ownsHandle: fd >= 0);
        return fd < 0 ? -Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>pwrite(2) until all of <paramref name="data"/> is written.</summary>
    public static int Write(SafeFileHandle file, long offset, byte[] data)
    {
        for (int done = 0; done < data.Length;)
        {
            long n = pwrite(Fd(file), ref data[done], (nuint)(data.Length - done), offset + done);
            if (n < 0) return -Marshal.GetLastPInvokeError();
            if (n == 0) return -FuseErrno.EIO;
            done += (int)n;
        }
        return 0;
    }

    /// <summary>pread(2) of up to <paramref name="length"/> bytes (fewer at EOF).</summary>
    public static int Read(SafeFileHandle file, long offset, int length, out byte[] data)
    {
        data = new byte[length];
        int done = 0;
        while (done < length)
        {
            long n = pread(Fd(file), ref data[done], (nuint)(length - done), offset + done);
            if (n < 0) return -Marshal.GetLastPInvokeError();
            if (n == 0) break;
            done += (int)n;
        }
        if (done < length) data = data[..done];
        return 0;
    }

    public static int Truncate(SafeFileHandle file, long size) => ftruncate(Fd(file), size) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    public static int Fsync(SafeFileHandle file) => fsync(Fd(file)) == 0 ? 0 : -Marshal.GetLastPInvokeError();

    /// <summary>fallocate(2) with FALLOC_FL_* <paramref name="mode"/>.</summary>
    public static int Fallocate(SafeFileHandle file, int mode, long offset, long length) => -Posix.Fallocate(file, mode, offset, length);

    private static int Fd(SafeFileHandle file) => (int)file.DangerousGetHandle();

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern nint pwrite(int fd, ref byte buf, nuint count, long offset);

    [DllImport("libc", SetLastError = true)]
    private static extern nint pread(int fd, ref byte buf, nuint count, long offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int ftruncate(int fd, long length);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);
}
