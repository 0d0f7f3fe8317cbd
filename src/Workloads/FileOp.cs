namespace IomapModel.Workloads;

/// <summary>How a read or a write reaches the file: through the page cache, with O_DIRECT, or as loads and stores to a
/// shared mapping (mmap).</summary>
public enum IoPath
{
    Buffered,
    Direct,
    Mmap,
}

/// <summary>The open(2) flags a workload can ask for (their numbers are each side's business).</summary>
[Flags]
public enum OpenFlags
{
    /// <summary>O_RDONLY.</summary>
    ReadOnly = 0,
    /// <summary>O_RDWR.</summary>
    ReadWrite = 1,
    /// <summary>O_CREAT.</summary>
    Create = 2,
    /// <summary>O_TRUNC (atomic_o_trunc: the server empties the file at open).</summary>
    Truncate = 4,
    /// <summary>O_DIRECT: reads and writes through this descriptor bypass the page cache.</summary>
    Direct = 8,
    /// <summary>O_SYNC: every write is followed by fsync of what it wrote.</summary>
    Sync = 16,
    /// <summary>O_DSYNC: every write is followed by fdatasync.</summary>
    DataSync = 32,
}

/// <summary>
/// One file-level operation: the single vocabulary in which conform scripts, kernel schedules, the fsx-style
/// properties and the live side describe work, applied to the simulated kernel (<c>SimFiles</c>), to a live mount
/// (<c>LiveFiles</c>) and to the expected contents (<c>ShadowFiles</c>). Paths name a file of the mount (<c>/a</c> or
/// <c>a</c>). An operation on a path that no <see cref="Open"/> holds opens the file for that one call (O_CREAT when
/// <see cref="Creates"/>) and closes it again, as a script's pwrite or fallocate does.
/// </summary>
public abstract record FileOp(string Path)
{
    /// <summary>Whether opening the file for this call creates it when missing (pwrite and fallocate do; the others get
    /// -ENOENT).</summary>
    public virtual bool Creates => false;

    /// <summary>open(2): the descriptor stays open, with its flags, until <see cref="Close"/>.</summary>
    public sealed record Open(string Path, OpenFlags Flags) : FileOp(Path)
    {
        public override bool Creates => Flags.HasFlag(OpenFlags.Create);
    }

    /// <summary>close(2) of the descriptor <see cref="Open"/> left.</summary>
    public sealed record Close(string Path) : FileOp(Path);

    /// <summary>pread(2) of <paramref name="Length"/> bytes (fewer at EOF), or loads from a mapping.</summary>
    public sealed record Read(string Path, long Offset, int Length, IoPath Via = IoPath.Buffered) : FileOp(Path);

    /// <summary>pwrite(2) of <paramref name="Data"/>, or stores to a mapping (inside EOF: a mapping cannot extend).</summary>
    public sealed record Write(string Path, long Offset, WriteData Data, IoPath Via = IoPath.Buffered) : FileOp(Path)
    {
        public int Length => Data.Length;

        public override bool Creates => Via != IoPath.Mmap;
    }

    /// <summary>truncate(2) down or up.</summary>
    public sealed record Truncate(string Path, long Size) : FileOp(Path);

    /// <summary>fallocate(2) with any <c>FALLOC_FL_*</c> mode (mode 0, KEEP_SIZE, PUNCH_HOLE|KEEP_SIZE,
    /// ZERO_RANGE[|KEEP_SIZE], COLLAPSE_RANGE, INSERT_RANGE, UNSHARE_RANGE); <see cref="FallocEffect"/> says what each
    /// does to the file.</summary>
    public sealed record Fallocate(string Path, FallocMode Mode, long Offset, long Length) : FileOp(Path)
    {
        public override bool Creates => true;

        /// <summary>The mode without KEEP_SIZE: ALLOCATE (0), PUNCH_HOLE, ZERO_RANGE, ...</summary>
        public FallocMode Operation => Mode & ~FallocMode.KeepSize;

        public bool KeepSize => Mode.HasFlag(FallocMode.KeepSize);
    }

    /// <summary>fsync(2), or fdatasync(2) when <paramref name="DataOnly"/>.</summary>
    public sealed record Fsync(string Path, bool DataOnly = false) : FileOp(Path);

    /// <summary>syncfs(2) on a descriptor of <paramref name="Path"/> (any file of the mount, or its root).</summary>
    public sealed record Syncfs(string Path) : FileOp(Path);

    /// <summary>One writeback pass over [<paramref name="Start"/>, <paramref name="End"/>) that does not wait for the IO
    /// to complete: the flusher's work, <c>sync_file_range(SYNC_FILE_RANGE_WRITE)</c> from user space. A scheduling
    /// point of its own in schedules, where it races the other actors folio by folio.</summary>
    public sealed record Writeback(string Path, long Start = 0, long End = long.MaxValue) : FileOp(Path);

    /// <summary>copy_file_range(2) of <paramref name="Length"/> bytes from this file to <paramref name="Destination"/>.</summary>
    public sealed record CopyRange(string Path, long Offset, string Destination, long DestinationOffset, long Length) : FileOp(Path);

    /// <summary>ioctl(FICLONERANGE): <paramref name="Destination"/>'s range shares this file's blocks.</summary>
    public sealed record CloneRange(string Path, long Offset, string Destination, long DestinationOffset, long Length) : FileOp(Path);

    /// <summary>ioctl(FIDEDUPERANGE): share the blocks only where both ranges hold the same bytes.</summary>
    public sealed record DedupeRange(string Path, long Offset, string Destination, long DestinationOffset, long Length) : FileOp(Path);

    /// <summary>The XFS exchange-range ioctl (<c>XFS_IOC_EXCHANGE_RANGE</c>, fsx's <c>exchange_range</c>): the two
    /// ranges swap contents. Only XFS has it; every side here reports it unsupported.</summary>
    public sealed record ExchangeRange(string Path, long Offset, string Destination, long DestinationOffset, long Length) : FileOp(Path);

    /// <summary>unlink(2): the name goes; the data goes with the last descriptor.</summary>
    public sealed record Unlink(string Path) : FileOp(Path);

    /// <summary>Drops the file's clean cached pages (reclaim; <c>posix_fadvise(POSIX_FADV_DONTNEED)</c> from user
    /// space): the next read comes from the disk.</summary>
    public sealed record Evict(string Path) : FileOp(Path);
}
