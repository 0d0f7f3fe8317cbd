using IomapModel.Workloads;

namespace IomapModel.Traces.Schedule;

/// <summary>The switches of a schedule's <c>fs</c> line: the geometry, the kernel's model switches and how the
/// reference server answers.</summary>
public sealed record ScheduleSettings(uint BlockSize = 4096, bool Revalidate = true, bool UpcallCookie = false,
    bool ServerCache = true, bool ServerReplyNull = true, bool FlushBeforeTruncate = false);

/// <summary>What a setup line or an actor does: a file operation (<see cref="FileOp"/>), or something the server does
/// on its own.</summary>
public abstract record ScheduleWork
{
    /// <summary>A system call on one of the schedule's files.</summary>
    public sealed record File(FileOp Op) : ScheduleWork;

    /// <summary>The server sends FUSE_NOTIFY_IOMAP_INVAL for the read fork of [Offset, Offset+Length) of the file.</summary>
    public sealed record Inval(string Path, ulong Offset, ulong Length) : ScheduleWork;

    /// <summary>The reference server moves <paramref name="Count"/> file blocks from <paramref name="Block"/> on to new
    /// device blocks and tells the kernel (FUSE_NOTIFY_IOMAP_INVAL).</summary>
    public sealed record Remap(string Path, long Block, long Count) : ScheduleWork;
}

/// <summary>A setup line: run to completion before the actors, in order. <paramref name="Text"/> is the line's words as
/// written (the replay prints them back).</summary>
public sealed record ScheduleSetup(int Line, string Text, ScheduleWork Work);

/// <summary>An actor: one piece of work interleaved step by step with the others.</summary>
public sealed record ScheduleActor(int Line, string Id, ScheduleWork Work);

/// <summary>An <c>expect KEY VALUE</c> line.</summary>
public sealed record ScheduleExpectation(int Line, string Key, string Value);

/// <summary>
/// A replayable KernelSim scenario (<c>ksim-schedule v1</c>, docs/traces.md): geometry and switches, an optional
/// server other than the built-in reference server, files, setup operations run one after the other, actors, the
/// explicit interleaving, and expectations. Used for the worked examples under <c>traces/kernelsim/</c>. Lines:
/// <code>
/// ksim-schedule v1
/// fs blocksize=B revalidate=on|off upcall_cookie=on|off server_cache=on|off server_reply=null|map
///    flush_before_truncate=on|off
/// server KIND key=value...     (optional: e.g. "server ext4 image=PATH quirks=seed")
/// file NAME
/// setup write NAME OFF LEN BYTE | setup fsync NAME | setup evict NAME | setup read NAME OFF LEN
/// setup inval NAME OFF LEN|eof | setup fallocate NAME OFF LEN alloc|keep_size|punch|zero
/// actor ID writeback NAME [START END] | actor ID write NAME OFF LEN BYTE | actor ID remap NAME BLOCK COUNT
/// actor ID evict NAME | actor ID truncate NAME SIZE
/// schedule ID ID ...            ("ioend" is the ioend worker; then seeded random choice to completion)
/// expect KEY VALUE              (stale_writeback, stale_write_begin, begin, moved_writes, data ok|lost,
///                               size, server_size and allocated_blocks of the first file after the actors ran,
///                               last_ret: the return value of the last setup operation)
/// </code>
/// Numbers are decimal or 0x-hex; '#' starts a comment. Every error is a <see cref="TraceSyntaxException"/>
/// <c>FILE:LINE: expected ...</c>, found when the file is read, before anything runs.
/// </summary>
public sealed record ScheduleScript(string File, ScheduleSettings Settings, ScheduleServerSpec? Server, IReadOnlyList<string> Files,
    IReadOnlyList<ScheduleSetup> Setup, IReadOnlyList<ScheduleActor> Actors, IReadOnlyList<string> Order,
    IReadOnlyList<ScheduleExpectation> Expectations)
{
    /// <summary>The keys an <c>expect</c> line may name.</summary>
    public static readonly IReadOnlyList<string> ExpectKeys =
        ["stale_writeback", "stale_write_begin", "begin", "moved_writes", "data", "size", "server_size", "allocated_blocks", "last_ret"];
}
