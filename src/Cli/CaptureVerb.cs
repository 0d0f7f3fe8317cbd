using System.CommandLine;
using System.Runtime.InteropServices;
using IomapModel.Harness.Capture;
using IomapModel.Traces.Conform;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel capture [--kernel | --fuse2fs] [--image IMG | --mkfs "mkfs.ext4 ..." [--size N]]
/// [--no-uprobes] -o FILE -- COMMAND...</c>: runs COMMAND on a fresh (or copied) ext4 image, mounted by the kernel or by
/// the real fuse2fs daemon, and writes what tracefs saw as a workload capture (<see cref="CaptureRun"/>). Exit 0
/// captured, 1 captured but the workload failed, 2 bad input, a missing environment or a dead daemon, 130 interrupted.</summary>
internal static class CaptureVerb
{
    public static Command Create()
    {
        var kernel = new Option<bool>("--kernel") { Description = "mount with the kernel's ext4 on a loop device (the default)" };
        var fuse2fs = new Option<bool>("--fuse2fs") { Description = "mount with the real fuse2fs daemon (its FUSE requests are measured)" };
        var image = new Option<FileInfo?>("--image") { Description = "run on a copy of this ext2/ext3/ext4 image (never modified)" };
        var mkfs = new Option<string?>("--mkfs") { Description = "run on a fresh image made by this mkfs (default: mkfs.ext4 -b 4096 with the fixed UUID, hash seed and clock of the shipped captures)" };
        var size = new Option<long>("--size") { Description = "with --mkfs: the filesystem size in bytes", DefaultValueFactory = _ => 64L << 20 };
        var noUprobes = new Option<bool>("--no-uprobes") { Description = "do not add the two uprobes on glibc's open64/openat that print opened paths" };
        var output = new Option<FileInfo>("-o", "--output") { Description = "the capture file to write", Required = true };
        var command = new Argument<string[]>("command") { Description = "the workload, after --; it runs in the mount point, which $MNT also names", Arity = ArgumentArity.OneOrMore };
        var verb = new Command("capture", "Run a workload on a loop-mounted or fuse2fs-mounted ext4 image and capture its events (tracefs) for replay") { kernel, fuse2fs, image, mkfs, size, noUprobes, output, command };
        verb.SetAction(parse => Run(parse.GetValue(kernel), parse.GetValue(fuse2fs), parse.GetValue(image), parse.GetValue(mkfs), parse.GetValue(size),
            parse.GetValue(noUprobes), parse.GetValue(output)!, parse.GetValue(command)!));
        return verb;
    }

    private static int Run(bool kernel, bool fuse2fs, FileInfo? image, string? mkfsLine, long size, bool noUprobes, FileInfo output, string[] command)
    {
        if (kernel && fuse2fs) return Fail("give either --kernel or --fuse2fs, not both");
        if (image is not null && mkfsLine is not null) return Fail("give either --image or --mkfs, not both");
        if (image is { Exists: false }) return Fail($"{image}: no such image file");
        if (command.Length == 0) return Fail("expected the workload's command after --");
        if (output.Directory is { Exists: false } dir) return Fail($"{dir}: no such directory for the capture");
        MkfsSpec? mkfs = null;
        if (mkfsLine is not null && (mkfs = WorkloadInput.Mkfs(mkfsLine, size)) is null) return 2;
        // SIGINT (Ctrl-C) and SIGTERM stop the workload; the run then undoes everything it set up (130).
        using var cancel = new CancellationTokenSource();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; cancel.Cancel(); });
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
        var request = new CaptureRequest(fuse2fs ? CaptureMount.Fuse2fs : CaptureMount.Kernel, image?.FullName, mkfs, output.FullName, command, Uprobes: !noUprobes);
        return new CaptureRun(Console.Error).Run(request, cancel.Token);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
