using IomapModel.Workloads;

namespace IomapModel.Traces.Import;

/// <summary>One operation of an imported workload: the <see cref="FileOp"/>, what the source called it
/// (<paramref name="Kind"/>: an fsx op name with its flags, a system call, a kernel event), and the line it came from.</summary>
public sealed record WorkloadStep(FileOp Op, string Kind, int Line);
