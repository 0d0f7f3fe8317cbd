using IomapModel.Ext4;
using IomapModel.Harness.Host;
using IomapModel.Servers.Fuse2fs;
using IomapModel.Traces.Conform;
using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

/// <summary>
/// Users' use case 4 as a command (<c>iomapmodel conform</c>, docs/conform.md): a <see cref="ConformScript"/> applied
/// operation by operation to a live fuse2fs mount (<see cref="LiveSide"/>) and to the model (<see cref="ModelSide"/>),
/// both starting from the same image bytes. After every step the touched files' sizes and bytes are compared; every
/// difference is attributed to a cause (<see cref="ConformCause"/>: a <see cref="KnownDivergence"/>, or a key for one
/// nobody explained, <see cref="UnknownCauseKey"/>) and the live file is realigned to the model
/// (<see cref="LiveResync"/>), so a later step only reports what it did itself and one cause is reported once, with
/// the steps it affected. After unmounting, the live image (checked with <c>e2fsck -fn</c>, read with
/// <see cref="Ext4Image"/>) is compared with the model server's state per file: size, bytes on disk, and the class of
/// every block (hole, unwritten, written). Physical addresses are not compared: the two fuse2fs versions allocate
/// differently. Every cause that is not known is then shrunk to a minimal script (<see cref="CauseShrinker"/>), when
/// <see cref="ConformOptions.ShrinkTo"/> says where.
/// Exit codes: 0 every difference is known, 1 one is not, 2 bad input or a missing environment, 130 interrupted.
/// Everything mounted or written is released on every path out.
/// </summary>
public sealed partial class ConformRun(TextWriter output, TextWriter error)
{
    private readonly List<ClassExpectation> _expected = [];
    private readonly ConformCauses _causes = new();
    private readonly Dictionary<string, long> _blocksPastEof = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConformCause> _diverged = new(StringComparer.Ordinal);
    private readonly LiveExtentShadow _liveMapped = new();
    private readonly HashSet<int> _described = [];
    private readonly List<Cover> _diskCovers = [];
    private int _knownErrno, _unexplainedErrno, _knownClasses, _unknownClasses;

    /// <summary>After <see cref="Run"/>: every distinct cause of difference met, in the order they first showed.</summary>
    public IReadOnlyList<ConformCause> Causes => _causes.All;

    /// <summary>After <see cref="Run"/>: the causes no known divergence explains (what makes exit 1).</summary>
    public IReadOnlyList<ConformCause> UnknownCauses => [.. _causes.All.Where(c => !c.IsKnown)];

    /// <param name="imagePath">The user's image (copied, never modified), or null.</param>
    /// <param name="mkfs">How to build the image when there is no <paramref name="imagePath"/> (the script's mkfs line
    /// otherwise).</param>
    /// <param name="options">How to run it; null: one mount for the whole script, no shrinking.</param>
    public int Run(ConformScript script, string? imagePath, MkfsSpec? mkfs, Fuse2fsQuirks quirks, CancellationToken cancel, ConformOptions? options = null)
    {
        options ??= new ConformOptions();
        var missing = ConformanceEnvironment.SkipReason(Needs.Fuse2fs) is { } skip ? [skip] : ConformanceEnvironment.Missing(Needs.Fuse2fs);
        if (missing.Count > 0)
        {
            error.WriteLine($"iomapmodel conform: cannot run a live fuse2fs mount: {string.Join("; ", missing)}");
            return 2;
        }
        if (imagePath is null) mkfs ??= script.Mkfs;
        if (imagePath is null && mkfs is null)
        {
            error.WriteLine($"{script.File}: no image: give --image IMG or --mkfs \"mkfs.ext4 OPTIONS\", or start the script with 'mkfs TOOL OPTIONS... size=BYTES'");
            return 2;
        }
        byte[] bytes;
        try
        {
            bytes = imagePath is not null ? File.ReadAllBytes(imagePath) : MkfsImage.Build(mkfs!.Tool, mkfs.OptionText, mkfs.SizeBytes, _ => { });
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException)
        {
            error.WriteLine($"iomapmodel conform: {e.Message}");
            return 2;
        }
        string source = imagePath is not null ? $"{imagePath} (a copy)" : mkfs!.ToString();
        int exit = Compare(script.Ops, bytes, quirks, options, cancel, header: $"conform {script.File}: image {source}", imageName: imagePath ?? "the mkfs image");
        if (exit != 0) return exit;
        try
        {
            if (options.ShrinkTo is { } dir && UnknownCauses.Count > 0)
                new CauseShrinker(output, new CauseShrinker.Setup(script, bytes, imagePath, mkfs, quirks, options), cancel).ShrinkAll(UnknownCauses, dir);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("iomapmodel conform: interrupted while shrinking; unmounting and removing the temporary files");
            return 130;
        }
        Summary(script.Ops.Count, options.ShrinkTo is not null);
        output.Flush();
        return UnknownCauses.Count == 0 ? 0 : 1;
    }

    /// <summary>Whether running <paramref name="ops"/> from <paramref name="image"/> shows the cause with
    /// <paramref name="key"/> (stopping at the step where it first does): a shrinking candidate, on a fresh live
    /// mount and a fresh model, printing nothing.</summary>
    internal static bool Shows(IReadOnlyList<FileOp> ops, byte[] image, Fuse2fsQuirks quirks, ModelFault fault, string key, CancellationToken cancel)
    {
        var run = new ConformRun(TextWriter.Null, TextWriter.Null);
        int status = run.Compare(ops, image, quirks, new ConformOptions { ModelFault = fault, StopAt = key }, cancel, header: null, imageName: "the starting image");
        cancel.ThrowIfCancellationRequested();
        return status == 0 && run._causes.Has(key);
    }

    /// <summary>Mounts, runs every step, unmounts and does the checks after unmount (unless
    /// <see cref="ConformOptions.StopAt"/> stopped it first); 0 when it got through, 2 on an error (said on the error
    /// writer), 130 when cancelled.</summary>
    private int Compare(IReadOnlyList<FileOp> ops, byte[] bytes, Fuse2fsQuirks quirks, ConformOptions options, CancellationToken cancel, string? header, string imageName)
    {
        ScratchDirectory? scratch = null;
        LiveSide? live = null;
        ModelSide? model = null;
        int status = 2;
        try
        {
            scratch = new ScratchDirectory();
            model = new ModelSide(bytes, quirks, options.ModelFault);
            var liveImage = scratch.File("live.img");
            File.WriteAllBytes(liveImage, bytes);
            if (header is not null)
                output.WriteLine($"{header}, block size {model.BlockSize}; live: fuse2fs -o fakeroot, O_DIRECT; model: SimKernel + Ext4Server, iomap cache on, " +
                    $"fuse2fs {(quirks == Fuse2fsQuirks.Seed ? "as in RFC v3" : "as intended")}" +
                    (options.ModelFault != ModelFault.None ? $", with the deliberate fault {ModelFaults.Name(options.ModelFault)}" : ""));
            var mnt = scratch.Subdirectory("mnt");
            live = new LiveSide(liveImage, mnt);
            var touched = new List<string>();
            bool stopped = false;
            for (int i = 0; i < ops.Count && !stopped; i++)
            {
                cancel.ThrowIfCancellationRequested();
                Step(i + 1, ops[i], live, model, touched);
                stopped = options.StopAt is { } key && _causes.Has(key);
                if (!options.RemountEachStep) continue;
                live.Unmount();
                options.AfterUnmount?.Invoke(new ConformCheckpoint(i + 1, liveImage, [.. touched], model, _liveMapped));
                if (i + 1 < ops.Count) live = new LiveSide(liveImage, mnt);
            }
            live.Unmount();
            if (!stopped) Final(liveImage, model, touched);
            status = 0;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("iomapmodel conform: interrupted; unmounting and removing the temporary files");
            status = 130;
        }
        catch (Ext4CorruptionException e)
        {
            error.WriteLine($"{imageName}: corrupt image: {e.Message}");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException)
        {
            error.WriteLine($"iomapmodel conform: {e.Message}");
        }
        finally
        {
            Release("unmount", () => live?.Dispose(), ref status);
            Release("model", () => model?.Dispose(), ref status);
            Release("temporary files", () => scratch?.Dispose(), ref status);
            output.Flush();
        }
        return status;
    }

    private void Release(string what, Action release, ref int status) => CleanupStep.Run(error, "conform", $"the {what}", release, ref status, 0);
}
