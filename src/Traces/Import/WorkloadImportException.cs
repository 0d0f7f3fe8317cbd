namespace IomapModel.Traces.Import;

/// <summary>A file that parses but holds no usable workload (no operation on any file of the device, or several
/// devices and none chosen): names the file, what was expected and what was found. Not a line's fault, so no line.</summary>
public sealed class WorkloadImportException(string file, string message) : Exception($"{file}: {message}")
{
    public string File { get; } = file;
}
