using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace IomapModel.Workloads.Live;

/// <summary>
/// The system calls <see cref="LiveFiles"/> makes on a real file, each returning what the syscall returned (bytes, or
/// 0) or a negative errno: the kernel's convention, which is how the model returns them too. .NET wraps none of
/// these with the flags they need (O_DIRECT, fallocate modes, syncfs, sync_file_range, copy_file_range, the remap
/// ioctls), so they are called from libc directly.
/// </summary>
internal static class LiveSyscalls
{
    private const int ORdonly = 0, ORdwr = 2, OCreat = 0x40, OTrunc = 0x200, ODsync = 0x1000, OSync = 0x101000;
    private const int SyncFileRangeWrite = 2, PosixFadvDontneed = 4;

    /// <summary>O_DIRECT differs between architectures (040000 on x86-64, 0200000 on arm64).</summary>
    private static int ODirect => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    /// <summary>open(2) with the workload's flags (mode 0644 when it creates).</summary>
    public static int Open(string path, OpenFlags flags, out SafeFileHandle file)
    {
        int f = (flags.HasFlag(OpenFlags.ReadWrite) ? ORdwr : ORdonly) | (flags.HasFlag(OpenFlags.Create) ? OCreat : 0)
            | (flags.HasFlag(OpenFlags.Truncate) ? OTrunc : 0) | (flags.HasFlag(OpenFlags.Direct) ? ODirect : 0)
            | (flags.HasFlag(OpenFlags.Sync) ? OSync : flags.HasFlag(OpenFlags.DataSync) ? ODsync : 0);
        int fd = open(path, f, 0x1a4 /* 0644 */);
        file = new SafeFileHandle(fd < 0 ? -1 : fd, ownsHandle: fd >= 0);
        return fd < 0 ? Errno() : 0;
    }

    /// <summary>pwrite(2) until all of <paramref name="data"/> is written; the bytes written. The bytes go from a
    /// page-aligned buffer, as O_DIRECT on a block filesystem demands.</summary>
    public static unsafe long Write(SafeFileHandle file, long offset, byte[] data)
    {
        using var buffer = new AlignedBuffer(data.Length);
        data.CopyTo(buffer.Span);
        for (int done = 0; done < data.Length;)
        {
            long n = pwrite(Fd(file), buffer.Pointer + done, (nuint)(data.Length - done), offset + done);
            if (n < 0) return Errno();
            if (n == 0) return done;
            done += (int)n;
        }
        return data.Length;
    }

    /// <summary>pread(2) of up to <paramref name="length"/> bytes (fewer at EOF) into a page-aligned buffer; the bytes
    /// read.</summary>
    public static unsafe long Read(SafeFileHandle file, long offset, int length, out byte[] data)
    {
        using var buffer = new AlignedBuffer(length);
        int done = 0;
        data = [];
        while (done < length)
        {
            long n = pread(Fd(file), buffer.Pointer + done, (nuint)(length - done), offset + done);
            if (n < 0) return Errno();
            if (n == 0) break;
            done += (int)n;
        }
        data = buffer.Span[..done].ToArray();
        return done;
    }

    /// <summary>Native memory aligned to a page, freed on Dispose.</summary>
    private sealed unsafe class AlignedBuffer(int length) : IDisposable
    {
        public byte* Pointer { get; } = (byte*)NativeMemory.AlignedAlloc((nuint)Math.Max(length, 1), 4096);

        public Span<byte> Span => new(Pointer, length);

        public void Dispose() => NativeMemory.AlignedFree(Pointer);
    }

    public static int Truncate(SafeFileHandle file, long size) => ftruncate(Fd(file), size) == 0 ? 0 : Errno();

    public static int Fsync(SafeFileHandle file, bool dataOnly) => (dataOnly ? fdatasync(Fd(file)) : fsync(Fd(file))) == 0 ? 0 : Errno();

    public static int Syncfs(SafeFileHandle file) => syncfs(Fd(file)) == 0 ? 0 : Errno();

    /// <summary>fallocate(2) with <c>FALLOC_FL_*</c> <paramref name="mode"/>.</summary>
    public static int Fallocate(SafeFileHandle file, FallocMode mode, long offset, long length) =>
        fallocate(Fd(file), (int)mode, offset, length) == 0 ? 0 : Errno();

    /// <summary>sync_file_range(2) with SYNC_FILE_RANGE_WRITE: start writeback of [start, end), do not wait.</summary>
    public static int StartWriteback(SafeFileHandle file, long start, long end) =>
        sync_file_range(Fd(file), start, end == long.MaxValue ? 0 : end - start, SyncFileRangeWrite) == 0 ? 0 : Errno();

    /// <summary>posix_fadvise(POSIX_FADV_DONTNEED) of the whole file: the kernel drops its clean cached pages.</summary>
    public static int DropCache(SafeFileHandle file) => -posix_fadvise(Fd(file), 0, 0, PosixFadvDontneed);

    /// <summary>copy_file_range(2) once; the bytes copied.</summary>
    public static long CopyRange(SafeFileHandle from, long offset, SafeFileHandle to, long toOffset, long length)
    {
        long n = copy_file_range(Fd(from), ref offset, Fd(to), ref toOffset, (nuint)length, 0);
        return n < 0 ? Errno() : n;
    }

    /// <summary>ioctl(FICLONERANGE) on the destination.</summary>
    public static int CloneRange(SafeFileHandle from, long offset, SafeFileHandle to, long toOffset, long length)
    {
        var range = new FileCloneRange { SrcFd = Fd(from), SrcOffset = (ulong)offset, SrcLength = (ulong)length, DestOffset = (ulong)toOffset };
        return ioctl(Fd(to), FiCloneRange, ref range) == 0 ? 0 : Errno();
    }

    /// <summary>ioctl(FIDEDUPERANGE) with one destination: the bytes deduplicated, or its negative status
    /// (FILE_DEDUPE_RANGE_DIFFERS, 1, counts as 0 bytes).</summary>
    public static long DedupeRange(SafeFileHandle from, long offset, SafeFileHandle to, long toOffset, long length)
    {
        var range = new FileDedupeRange { SrcOffset = (ulong)offset, SrcLength = (ulong)length, DestCount = 1, DestFd = Fd(to), DestOffset = (ulong)toOffset };
        if (ioctl(Fd(from), FiDedupeRange, ref range) != 0) return Errno();
        return range.Status < 0 ? range.Status : range.Status == 0 ? (long)range.BytesDeduped : 0;
    }

    public static int Unlink(string path) => unlink(path) == 0 ? 0 : Errno();

    private static int Errno() => -Marshal.GetLastPInvokeError();

    private static int Fd(SafeFileHandle file) => (int)file.DangerousGetHandle();

    /// <summary><c>_IOW(0x94, 13, struct file_clone_range)</c>.</summary>
    private const ulong FiCloneRange = 0x4020940d;

    /// <summary><c>_IOWR(0x94, 54, struct file_dedupe_range)</c>.</summary>
    private const ulong FiDedupeRange = 0xc0189436;

    /// <summary><c>struct file_clone_range</c> (uapi fs.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileCloneRange
    {
        public long SrcFd;
        public ulong SrcOffset, SrcLength, DestOffset;
    }

    /// <summary><c>struct file_dedupe_range</c> with its one <c>struct file_dedupe_range_info</c> (uapi fs.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileDedupeRange
    {
        public ulong SrcOffset, SrcLength;
        public ushort DestCount, Reserved1;
        public uint Reserved2;
        public long DestFd;
        public ulong DestOffset, BytesDeduped;
        public int Status;
        public uint Reserved;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int unlink([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe nint pwrite(int fd, byte* buf, nuint count, long offset);

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe nint pread(int fd, byte* buf, nuint count, long offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int ftruncate(int fd, long length);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fdatasync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int syncfs(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int fallocate(int fd, int mode, long offset, long len);

    [DllImport("libc", SetLastError = true)]
    private static extern int sync_file_range(int fd, long offset, long nbytes, uint flags);

    [DllImport("libc", SetLastError = false)]
    private static extern int posix_fadvise(int fd, long offset, long len, int advice);

    [DllImport("libc", SetLastError = true)]
    private static extern nint copy_file_range(int fdIn, ref long offIn, int fdOut, ref long offOut, nuint len, uint flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, ref FileCloneRange arg);

    [DllImport("libc", SetLastError = true)]
    private static extern int ioctl(int fd, ulong request, ref FileDedupeRange arg);
}
