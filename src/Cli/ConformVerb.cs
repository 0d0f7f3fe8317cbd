using System.CommandLine;
using System.Runtime.InteropServices;
using IomapModel.Ext4;
using IomapModel.Harness.Conform;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel conform [--image IMG | --mkfs "mkfs.ext4 -b 4096"] [--intended] [--out DIR | --no-shrink]
/// [--shrink-budget SECONDS] WORKLOAD</c>: runs a conform-script v1 file, or any workload (an fsx ops log, a stock
/// kernel's capture: <see cref="WorkloadInput"/>), on a live fuse2fs mount and in the model and compares them operation
/// by operation (<see cref="ConformRun"/>, docs/conform.md), shrinking every cause that is not known to a minimal script.
/// Exit 0 every difference known, 1 one is not, 2 bad input or missing environment, 130 interrupted.</summary>
internal static class ConformVerb
{
    public static Command Create()
    {
        var script = new Argument<FileInfo>("script") { Description = "a conform-script v1 file (traces/conform/), or a workload: an fsx ops log or a stock kernel's capture (traces/workloads/)" };
        var image = new Option<FileInfo?>("--image") { Description = "start from a copy of this ext2/ext3/ext4 image (never modified)" };
        var mkfs = new Option<string?>("--mkfs") { Description = "start from a fresh image: \"mkfs.ext4 -b 4096\" (mkfs.ext2, mkfs.ext3 or mkfs.ext4 and options)" };
        var size = new Option<long>("--size") { Description = "with --mkfs: the filesystem size in bytes", DefaultValueFactory = _ => 64L << 20 };
        var intended = new Option<bool>("--intended") { Description = "model fuse2fs as meant (no RFC v3 quirks F8-F17)" };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "write the shrunk script of every cause that is not known here (default: SCRIPT's folder, SCRIPT-NAME.shrunk/)" };
        var noShrink = new Option<bool>("--no-shrink") { Description = "do not shrink causes that are not known" };
        var budget = new Option<double>("--shrink-budget") { Description = "seconds shrinking may take in all", DefaultValueFactory = _ => ConformOptions.DefaultShrinkBudget.TotalSeconds };
        var fault = new Option<string>("--model-fault") { Description = $"debugging: make the model wrong on purpose ({string.Join(", ", ModelFaults.ByName.Keys)})", DefaultValueFactory = _ => "none" };
        var command = new Command("conform", "Compare a live fuse2fs mount with the model, operation by operation") { script, image, mkfs, size, intended, outDir, noShrink, budget, fault };
        command.SetAction(parse => Run(parse.GetValue(script)!, parse.GetValue(image), parse.GetValue(mkfs), parse.GetValue(size), parse.GetValue(intended),
            parse.GetValue(noShrink) ? null : parse.GetValue(outDir), !parse.GetValue(noShrink), parse.GetValue(budget), parse.GetValue(fault)!));
        return command;
    }

    private static int Run(FileInfo file, FileInfo? image, string? mkfsLine, long size, bool intended, DirectoryInfo? outDir, bool shrink, double budget, string faultName)
    {
        if (image is not null && mkfsLine is not null) return Fail("give either --image or --mkfs, not both");
        if (!ModelFaults.ByName.TryGetValue(faultName, out var fault))
            return Fail($"--model-fault: expected one of {string.Join(", ", ModelFaults.ByName.Keys)}, got '{faultName}'");
        if (!(budget > 0) || budget > TimeSpan.MaxValue.TotalSeconds / 2) return Fail($"--shrink-budget: expected a number of seconds above 0, got {budget}");
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
        var options = new ConformOptions
        {
            ShrinkTo = shrink ? outDir?.FullName ?? Path.Combine(file.DirectoryName!, Path.GetFileNameWithoutExtension(file.Name) + ".shrunk") : null,
            ShrinkBudget = TimeSpan.FromSeconds(budget),
            ModelFault = fault,
            Command = "iomapmodel " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(Quoted)),
        };
        return new ConformRun(Console.Out, Console.Error).Run(parsed, image?.FullName, mkfs,
            intended ? Fuse2fsQuirks.Intended : Fuse2fsQuirks.Seed, cancel.Token, options);
    }

    private static string Quoted(string arg) => arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:+,".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
