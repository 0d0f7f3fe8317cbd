namespace IomapModel.KernelSim.Kernel;

/// <summary>The outcome of one simulated system call: bytes or 0, or a negative errno; the data for reads.</summary>
public sealed class OpResult
{
    public long Ret { get; internal set; }
    public byte[] Data { get; internal set; } = [];
    public bool Done { get; internal set; }

    public override string ToString() => Done ? $"ret={Ret}" : "pending";
}
