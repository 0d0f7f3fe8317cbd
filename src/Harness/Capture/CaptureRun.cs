using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using IomapModel.Ext4;
using IomapModel.Harness.Host;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;
using IomapModel.Traces.Tracefs;

namespace IomapModel.Harness.Capture;

/// <summary>Which filesystem a capture's workload runs on.</summary>
public enum CaptureMount
{
    /// <summary>The kernel's ext4 on a loop device.</summary>
    Kernel,
    /// <summary>The real fuse2fs daemon (<c>fuse2fs IMG DIR -o fakeroot -f</c>).</summary>
    Fuse2fs,
}

/// <summary>What to capture: on which mount, from which image (a copy of the user's, or a fresh mkfs), into which
/// file, running which command.</summary>
public sealed record CaptureRequest(CaptureMount Mount, string? ImagePath, MkfsSpec? Mkfs, string Output, IReadOnlyList<string> Command, bool Uprobes = true);

/// <summary>
/// Users' use case 2 at its source (<c>iomapmodel capture</c>, docs/workloads.md): mounts a copy of the image (kernel
/// loop mount or the real fuse2fs daemon) in a scratch directory, records the workload's events in two private
/// tracefs instances that share the trace clock — one for the workload's process tree (<c>set_event_pid</c> with
/// <c>event-fork</c>, <c>record-tgid</c>; its system calls, the uprobes that print opened paths, and its device's ext4,
/// iomap, filemap, writeback and fuse events), one for everything else on that device (<c>set_event_notrace_pid</c>
/// of the same tree: the flusher's writeback, jbd2, the fuse2fs daemon's replies) — runs the command with the mount
/// point as its working directory and in <c>$MNT</c>, then writes the <c># iomapmodel-capture v1</c> header and the two
/// instances' events merged by timestamp. Whatever happens (the workload fails, a signal, the daemon dies, a tracefs
/// write fails) every tracing setting it made is undone, the uprobes removed, the image unmounted, the loop device
/// detached and the scratch directory deleted.
/// Exit codes: 0 captured, 1 captured but the workload failed, 2 bad input, a missing environment, the daemon died or
/// cleanup failed, 130 interrupted (nothing written).
/// </summary>
public sealed class CaptureRun(TextWriter error)
{
    /// <summary>The recipe of the shipped captures: fixed UUID, hash seed and (through MkfsImage) clock.</summary>
    public static readonly MkfsSpec DefaultMkfs = new("mkfs.ext4",
        ["-q", "-F", "-b", "4096", "-U", "00000000-0000-4000-8000-000000000012", "-E", "hash_seed=00000000-0000-4000-8000-000000000012,lazy_itable_init=0,lazy_journal_init=0,nodiscard"], 64L << 20);

    private static readonly string[] Syscalls =
    [
        "openat", "creat", "close", "read", "write", "pread64", "pwrite64", "readv", "writev", "preadv", "pwritev", "preadv2", "pwritev2",
        "lseek", "ftruncate", "truncate", "fallocate", "fadvise64", "fsync", "fdatasync", "sync", "syncfs", "sync_file_range",
        "copy_file_range", "mmap", "munmap", "msync", "ioctl", "unlink", "unlinkat", "renameat2", "dup", "dup2", "dup3",
    ];

    private static readonly string[] DeviceEvents =
    [
        "ext4/ext4_sync_file_enter", "ext4/ext4_sync_file_exit", "ext4/ext4_truncate_enter", "ext4/ext4_truncate_exit",
        "ext4/ext4_begin_ordered_truncate", "ext4/ext4_fallocate_enter", "ext4/ext4_fallocate_exit", "ext4/ext4_punch_hole",
        "ext4/ext4_zero_range", "ext4/ext4_collapse_range", "ext4/ext4_insert_range", "ext4/ext4_evict_inode",
        "ext4/ext4_unlink_enter", "ext4/ext4_unlink_exit", "ext4/ext4_mark_inode_dirty", "ext4/ext4_writepages",
        "ext4/ext4_writepages_result", "ext4/ext4_da_write_begin", "ext4/ext4_da_write_end", "ext4/ext4_write_begin",
        "ext4/ext4_write_end", "ext4/ext4_read_folio", "ext4/ext4_da_write_pages_extent",
        "iomap/iomap_dio_rw_begin", "iomap/iomap_dio_complete", "iomap/iomap_iter", "iomap/iomap_iter_dstmap", "iomap/iomap_iter_srcmap",
        "filemap/mm_filemap_add_to_page_cache", "filemap/mm_filemap_delete_from_page_cache", "filemap/mm_filemap_get_pages", "filemap/mm_filemap_fault",
        "writeback/writeback_dirty_folio", "writeback/writeback_single_inode_start", "writeback/writeback_single_inode",
        "writeback/writeback_write_inode", "writeback/writeback_start", "writeback/writeback_written",
        "fuse/fuse_request_send", "fuse/fuse_request_end",
    ];

    private const string Libc = "/lib/x86_64-linux-gnu/libc.so.6";

    /// <summary>Runs the capture; <paramref name="cancel"/> (SIGINT, SIGTERM) stops the workload and cleans up.</summary>
    public int Run(CaptureRequest request, CancellationToken cancel)
    {
        var needs = request.Mount == CaptureMount.Kernel ? Needs.LoopMount | Needs.Tracefs : Needs.Fuse2fs | Needs.Tracefs;
        var missing = ConformanceEnvironment.SkipReason(needs) is { } skip ? [skip] : ConformanceEnvironment.Missing(needs);
        if (missing.Count > 0)
        {
            error.WriteLine($"iomapmodel capture: cannot capture: {string.Join("; ", missing)}");
            return 2;
        }
        ScratchDirectory? scratch = null;
        IDisposable? mount = null;
        Fuse2fsMount? daemon = null;
        Tracefs? tracefs = null;
        TracefsInstance? workload = null, background = null;
        var uprobes = new List<string>();
        Process? child = null;
        int exit = 2;
        try
        {
            scratch = new ScratchDirectory();
            var mkfs = request.ImagePath is null ? MkfsImage.Complete(request.Mkfs ?? DefaultMkfs) : null;
            var bytes = request.ImagePath is not null ? File.ReadAllBytes(request.ImagePath) : MkfsImage.BuildEmpty(mkfs!);
            uint blockSize;
            using (var image = Ext4Image.Open(bytes)) blockSize = image.BlockSize;
            var imagePath = scratch.File("image.ext4");
            File.WriteAllBytes(imagePath, bytes);
            var mnt = scratch.Subdirectory("mnt");
            string mountText;
            if (request.Mount == CaptureMount.Kernel)
            {
                mount = LoopMount.Mount(imagePath, mnt, "ext4");
                mountText = $"kernel-ext4 loop ({MountTable.At(mnt)?.Source}, mount -o loop -t ext4 IMG MNT)";
            }
            else
            {
                mount = daemon = Fuse2fsMount.Mount(imagePath, mnt);
                mountText = $"fuse2fs (fuse2fs IMG MNT -f -o fakeroot, {Fuse2fsVersion()})";
            }
            var device = DeviceNumber.TryParse(MountTable.At(mnt)?.Device ?? "", ':')
                ?? throw new InvalidOperationException($"no device number for the mount at {mnt} in /proc/self/mountinfo");
            tracefs = Tracefs.Open();
            var tag = $"iomapmodel-capture-{Environment.ProcessId}";
            workload = new TracefsInstance(tag + "-w");
            background = new TracefsInstance(tag + "-b");
            foreach (var i in new[] { workload, background })
            {
                i.Write("tracing_on", "0");
                i.Write("buffer_size_kb", "8192");
                i.Write("options/event-fork", "1");
            }
            if (File.Exists(Path.Combine(workload.Directory, "options", "record-tgid"))) workload.Write("options/record-tgid", "1");

            // The workload waits for a line on its stdin until the pid filters naming it are in place; exec keeps its pid.
            child = Start(mnt, request.Command);
            workload.Write("set_event_pid", child.Id.ToString(CultureInfo.InvariantCulture));
            background.Write("set_event_notrace_pid", child.Id.ToString(CultureInfo.InvariantCulture));
            string uprobeText = request.Uprobes ? AddUprobes(tag.Replace('-', '_'), uprobes) : "none (--no-uprobes)";
            foreach (var ev in uprobes) workload.Enable(ev, null);
            foreach (var name in Syscalls)
            {
                workload.Enable($"syscalls/sys_enter_{name}", null);
                workload.Enable($"syscalls/sys_exit_{name}", null);
            }
            workload.Enable("sched/sched_process_fork", null);
            foreach (var ev in DeviceEvents.Where(workload.Has))
            {
                var filter = DeviceFilter(workload, ev, device);
                workload.Enable(ev, filter);
                if (filter is not null) background.Enable(ev, filter);
            }
            var clock = workload.Read("trace_clock").Split(' ').Single(w => w.StartsWith('[')).Trim('[', ']', '\n');
            var date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            background.Write("tracing_on", "1");
            workload.Write("tracing_on", "1");
            error.WriteLine($"capture: running {string.Join(' ', request.Command)} in {mnt} ({mountText}, device {device})");
            child.StandardInput.WriteLine("go");
            child.StandardInput.Close();
            int status = Wait(child, daemon, cancel);
            workload.Write("tracing_on", "0");
            background.Write("tracing_on", "0");
            var files = FilesIn(mnt);
            var lost = workload.Overruns() + background.Overruns();
            var header = CaptureHeader.Format(
            [
                ("kernel", File.ReadAllText("/proc/sys/kernel/osrelease").Trim()),
                ("mount", mountText),
                ("device", $"{device} (kernel dev_t {device.KernelDevT})"),
                ("image", mkfs is not null ? CaptureHeader.ImageLine(mkfs) : $"a copy of {Path.GetFullPath(request.ImagePath!)} (replay with --image)"),
                ("blocksize", blockSize.ToString(CultureInfo.InvariantCulture)),
                ("command", string.Join(' ', request.Command)),
                ("cwd", "$MNT (the mount point; MNT in the environment)"),
                ("workload-pid", child.Id.ToString(CultureInfo.InvariantCulture)),
                ("exit-status", status.ToString(CultureInfo.InvariantCulture)),
                ("events", string.Join(' ', workload.Enabled)),
                ("filters", $"instance {workload.Name}: set_event_pid {child.Id} + event-fork, record-tgid, device filters; instance {background.Name}: set_event_notrace_pid {child.Id} + event-fork, device filters (ext4/iomap dev == {device.KernelDevT}, filemap s_dev == {device.KernelDevT}, writeback name == \"{device}\", fuse connection == {device.KernelDevT})"),
                ("trace_clock", clock),
                ("lost-events", lost.ToString(CultureInfo.InvariantCulture)),
                ("date", date),
                ("uprobes", uprobeText),
            ], files);
            var text = TraceMerge.Merge(workload.ReadTrace(), background.ReadTrace());
            var temp = request.Output + ".partial";
            File.WriteAllLines(temp, [.. header, "# tracer: nop", "#", $"# {text.Count} events of instances {workload.Name} and {background.Name}, merged by timestamp", .. text]);
            File.Move(temp, request.Output, overwrite: true);
            error.WriteLine($"capture: wrote {request.Output} ({text.Count} events, {files.Count} file{(files.Count == 1 ? "" : "s")}{(lost > 0 ? $", {lost} LOST: the ring buffer overran" : "")}); the workload exited {status}");
            exit = status == 0 ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("iomapmodel capture: interrupted; stopping the workload, undoing the tracing settings, unmounting and removing the temporary files");
            exit = 130;
        }
        catch (Ext4CorruptionException e)
        {
            error.WriteLine($"{request.ImagePath ?? "the mkfs image"}: corrupt image: {e.Message}");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            error.WriteLine($"iomapmodel capture: {e.Message}");
        }
        finally
        {
            Release("the workload", () => Stop(child), ref exit);
            Release("the workload's tracefs instance", () => workload?.Dispose(), ref exit);
            Release("the background tracefs instance", () => background?.Dispose(), ref exit);
            foreach (var u in uprobes) Release($"the uprobe {u}", () => Tracefs.RemoveUprobe(u), ref exit);
            Release("the mount", () => mount?.Dispose(), ref exit);
            Release("the temporary files", () => scratch?.Dispose(), ref exit);
            Release("tracefs", () => tracefs?.Dispose(), ref exit);
            if (exit is not 0 and not 1) File.Delete(request.Output + ".partial");
        }
        return exit;
    }

    private void Release(string what, Action release, ref int exit) => CleanupStep.Run(error, "capture", what, release, ref exit, 0, 1);

    /// <summary>The command under <c>sh</c>, which waits for one line on stdin and then execs it (keeping its pid).</summary>
    private static Process Start(string mnt, IReadOnlyList<string> command)
    {
        var psi = new ProcessStartInfo("/bin/sh") { WorkingDirectory = mnt, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", "read -r _; exec \"$@\"", "iomapmodel-capture" }.Concat(command)) psi.ArgumentList.Add(a);
        psi.Environment["MNT"] = mnt;
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start /bin/sh for the workload");
    }

    /// <summary>Waits for the workload; throws when cancelled or when the fuse2fs daemon died under it.</summary>
    private static int Wait(Process child, Fuse2fsMount? daemon, CancellationToken cancel)
    {
        while (!child.WaitForExit(100))   // polling for a signal or the daemon's death; not a timing assertion
        {
            cancel.ThrowIfCancellationRequested();
            daemon?.ThrowIfDaemonDied();
        }
        child.WaitForExit();
        cancel.ThrowIfCancellationRequested();
        daemon?.ThrowIfDaemonDied();
        return child.ExitCode;
    }

    private static void Stop(Process? child)
    {
        if (child is null) return;
        try
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        child.Dispose();
    }

    /// <summary>The filter that keeps the event to the capture's device: <c>dev</c> (ext4, iomap), <c>s_dev</c>
    /// (filemap), <c>connection</c> (fuse), or the bdi <c>name</c> (writeback); null when the event has none of them.</summary>
    private static string? DeviceFilter(TracefsInstance i, string ev, DeviceNumber device)
    {
        var fields = i.Fields(ev);
        if (fields.Contains("dev")) return $"dev == {device.KernelDevT}";
        if (fields.Contains("s_dev")) return $"s_dev == {device.KernelDevT}";
        if (fields.Contains("connection")) return $"connection == {device.KernelDevT}";
        if (fields.Contains("name")) return $"name == \"{device}\"";
        return null;
    }

    /// <summary>Two uprobes on glibc's open64 and openat that print the path opened (the syscall events print only
    /// its address); the header says why when they cannot be made (then the importer binds descriptors by their
    /// events alone).</summary>
    private string AddUprobes(string group, List<string> made)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return "none (the fetch arguments are written for x86-64)";
        if (!File.Exists(Path.Combine(Tracefs.Root, "uprobe_events"))) return "none (this kernel has no CONFIG_UPROBE_EVENTS)";
        var defs = new List<string>();
        foreach (var (fn, args) in new[] { ("open64", "path=+0(%di):ustring flags=%si:x32"), ("openat", "dfd=%di:s32 path=+0(%si):ustring flags=%dx:x32") })
        {
            if (ElfSymbols.Offset(Libc, fn) is not ulong offset) return $"none ({fn} not found in {Libc})";
            var def = $"p:{group}/{fn} {Libc}:0x{offset:x} {args}";
            try
            {
                Tracefs.AddUprobe(def);
            }
            catch (IOException e)
            {
                error.WriteLine($"capture: no uprobes ({e.Message}); descriptors are bound to files by their events");
                return $"none ({e.Message})";
            }
            made.Add($"{group}/{fn}");
            defs.Add(def);
        }
        return string.Join(';', defs);
    }

    private static string Fuse2fsVersion()
    {
        try
        {
            var r = ToolRunner.Run("fuse2fs", "-V");
            return (r.Stdout + "\n" + r.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .FirstOrDefault(l => l.StartsWith("fuse2fs", StringComparison.Ordinal))?.Trim() ?? "version unknown";
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return "version unknown";
        }
    }

    /// <summary>Every regular file under the mount point, as <c>find -printf</c> reports it.</summary>
    private static List<HeaderFile> FilesIn(string mnt)
    {
        var r = ToolRunner.Run("find", mnt, "-xdev", "-type", "f", "-printf", "%i %s %b %P\\n");
        var files = new List<HeaderFile>();
        foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = line.Split(' ', 4);
            if (w.Length == 4 && ulong.TryParse(w[0], CultureInfo.InvariantCulture, out var ino) && long.TryParse(w[1], CultureInfo.InvariantCulture, out var size)
                && long.TryParse(w[2], CultureInfo.InvariantCulture, out var blocks))
                files.Add(new HeaderFile(ino, size, blocks, w[3]));
        }
        return [.. files.OrderBy(f => f.Ino)];
    }
}
