using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

/// <summary>
/// A deliberate bug in the model side, for debugging the conform engine itself (<c>iomapmodel conform --model-fault
/// NAME</c>, docs/conform.md): with one switched on the model is wrong on purpose, so a run must report a cause that is
/// not known and shrink it to the few operations that show it. Never on unless asked.
/// </summary>
public enum ModelFault
{
    None,

    /// <summary><c>punch-keeps-head</c>: a hole punch starting inside a block and reaching past its end starts at the
    /// next block boundary instead, so the model keeps the old bytes of the range's partial head block (the live daemon
    /// zeroes them).</summary>
    PunchKeepsHead,
}

/// <summary>The names <c>--model-fault</c> takes and what each does to an operation.</summary>
public static class ModelFaults
{
    public static IReadOnlyDictionary<string, ModelFault> ByName { get; } = new Dictionary<string, ModelFault>(StringComparer.Ordinal)
    {
        ["none"] = ModelFault.None,
        ["punch-keeps-head"] = ModelFault.PunchKeepsHead,
    };

    public static string Name(ModelFault fault) => ByName.First(p => p.Value == fault).Key;

    /// <summary>The operation the faulty model does instead of <paramref name="op"/>.</summary>
    internal static FileOp Applied(ModelFault fault, FileOp op, long blockSize) => fault switch
    {
        ModelFault.PunchKeepsHead when op is FileOp.Fallocate { Operation: FallocMode.PunchHole } p && p.Offset % blockSize != 0 =>
            (p.Offset + blockSize - 1) / blockSize * blockSize is var start && start < p.Offset + p.Length
                ? p with { Offset = start, Length = p.Offset + p.Length - start } : op,
        _ => op,
    };
}
