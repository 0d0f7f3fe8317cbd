using System.CommandLine;
using System.Runtime.InteropServices;
using IomapModel.Ext4;
using IomapModel.Harness.Conform;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel conform [--image IMG | --mkfs "mkfs.ext4 -b 4096"] SCRIPT</c>: runs a conform-script v1 file,
/// or any workload (an fsx ops log, a stock kernel's capture: <see cref="WorkloadInput"/>), on a live fuse2fs mount and
/// in the model and compares them operation by operation (<see cref="ConformRun"/>, docs/conform.md). Exit 0 agree, 1
/// disagree, 2 bad input or missing environment, 130 interrupted.</summary>
internal static class ConformVerb
{
    public static Command Create()
    {
        var script = new Argument<FileInfo>("script") { Description = "a conform-script v1 file (traces/conform/), or a workload: an fsx ops log or a stock kernel's capture (traces/workloads/)" };
        var image = new Option<FileInfo?>("--image") { Description = "start from a copy of this ext2/ext3/ext4 image (never modified)" };
        var mkfs = new Option<string?>("--mkfs") { Description = "start from a fresh image: \"mkfs.ext4 -b 4096\" (mkfs.ext2, mkfs.ext3 or mkfs.ext4 and options)" };
        var size = new Option<long>("--size") { Description = "with --mkfs: the filesystem size in bytes", DefaultValueFactory = _ => 64L << 20 };
        var intended = new Option<bool>("--intended") { Description = "model fuse2fs as meant (no RFC v3 quirks F8-F14)" };
        var command = new Command("conform", "Compare a live fuse2fs mount with the model, operation by operation") { script, image, mkfs, size, intended };
        command.SetAction(parse => Run(parse.GetValue(script)!, parse.GetValue(image), parse.GetValue(mkfs), parse.GetValue(size), parse.GetValue(intended)));
        return command;
    }

    private static int Run(FileInfo file, FileInfo? image, string? mkfsLine, long size, bool intended)
    {
        if (image is not null && mkfsLine is not null) return Fail("give either --image or --mkfs, not both");
        if (!file.Exists) return Fail($"{file.FullName}: no such script file");
        if (image is { Exists: false }) return Fail($"{image.FullName}: no such image file");
        ConformScript parsed;
        var format = TraceFormats.Detect(file.FullName);
        if (format != TraceFormat.ConformScript && WorkloadImporter.IsWorkload(format))
        {
            if (WorkloadInput.Load(file.ToString(), null) is not { } workload) return 2;
            parsed = workload.ToConformScript();
        }
        else
        {
            try
            {
                parsed = ConformScriptParser.ParseFile(file.FullName);
            }
            catch (TraceSyntaxException e)
            {
                return Fail(e.Message);
            }
        }
        MkfsSpec? mkfs = null;
        if (mkfsLine is not null && (mkfs = WorkloadInput.Mkfs(mkfsLine, size)) is null) return 2;
        // SIGINT (Ctrl-C) and SIGTERM stop the run between operations; the engine then unmounts and cleans up (130).
        using var cancel = new CancellationTokenSource();
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => { ctx.Cancel = true; cancel.Cancel(); });
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; cancel.Cancel(); });
        return new ConformRun(Console.Out, Console.Error).Run(parsed, image?.FullName, mkfs,
            intended ? Fuse2fsQuirks.Intended : Fuse2fsQuirks.Seed, cancel.Token);
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
