namespace IomapModel.Traces.Tracefs;

/// <summary>An open file description of the captured workload: what open(2) said (flags, the path a uprobe printed),
/// the inode it was bound to once an inode event fired inside one of its system calls, and its file position while
/// it is known (a descriptor opened before the capture started has none until an lseek or an event names one).</summary>
internal sealed class OpenFile(int flags, string? path, bool seenOpen)
{
    public const int OAccMode = 3, OCreat = 0x40, OTrunc = 0x200, OAppend = 0x400, ODsync = 0x1000, ODirect = 0x4000, OSync = 0x101000;

    public int Flags { get; } = flags;
    public string? Path { get; } = path;
    public bool SeenOpen { get; } = seenOpen;
    public ulong? Ino { get; set; }
    public long? Position { get; set; } = seenOpen ? 0 : null;

    public bool Direct => (Flags & ODirect) != 0;
    public bool Append => (Flags & OAppend) != 0;
}
