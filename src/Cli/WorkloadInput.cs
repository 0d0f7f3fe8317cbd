using IomapModel.Traces;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;

namespace IomapModel.Cli;

/// <summary>What the verbs that take a workload share: reading it (any format <see cref="WorkloadImporter"/>
/// reads), reporting bad input on stderr, and the <c>--device</c> and <c>--mkfs</c> arguments.</summary>
internal static class WorkloadInput
{
    /// <summary>The workload, or null after printing why there is none (a malformed line as FILE:LINE, nothing usable,
    /// or a format that holds no file operations).</summary>
    public static ImportedWorkload? Load(string path, string? device)
    {
        DeviceNumber? dev = null;
        if (device is not null && (dev = DeviceNumber.TryParse(device, ':')) is null)
        {
            Console.Error.WriteLine($"--device: expected MAJ:MIN (as mountpoint -d prints it), got '{device}'");
            return null;
        }
        try
        {
            var workload = WorkloadImporter.Import(path, dev);
            if (workload is null)
                Console.Error.WriteLine($"{path}: not a workload (an fsx ops log, a tracefs capture of a stock kernel, or a conform script); this file is {TraceFormats.Detect(path)}");
            return workload;
        }
        catch (Exception e) when (e is TraceSyntaxException or WorkloadImportException)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }

    /// <summary>A <c>--mkfs "mkfs.ext4 OPTIONS"</c> argument with <c>--size</c>, or null after printing what was expected.</summary>
    public static MkfsSpec? Mkfs(string line, long size)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !MkfsSpec.Tools.Contains(words[0]))
        {
            Console.Error.WriteLine($"--mkfs: expected mkfs.ext2, mkfs.ext3 or mkfs.ext4 followed by options, got '{line}'");
            return null;
        }
        if (size < MkfsSpec.MinSize)
        {
            Console.Error.WriteLine($"--size: expected at least {MkfsSpec.MinSize} bytes, got {size}");
            return null;
        }
        return new MkfsSpec(words[0], words[1..], size);
    }
}
