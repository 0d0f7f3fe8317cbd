using IomapModel.KernelSim.Uapi;

namespace IomapModel.KernelSim.Kernel;

/// <summary>
/// Turns upcalls and cache lookups into simulated time. The default round trip is the median FUSE_GETXATTR round trip
/// measured on this machine with the real fuse2fs daemon (scripts/measure-upcalls.sh, docs/kernelsim.md: 13 µs; a
/// small request without a data payload, like FUSE_IOMAP_BEGIN/END/IOEND). FUSE_READ/FUSE_WRITE carrying 4 KiB
/// measured 20 µs and 22 µs.
/// </summary>
public sealed class CostModel
{
    /// <summary>Round trip of one metadata-sized FUSE request, µs (measured: GETXATTR median).</summary>
    public double UpcallMicros { get; init; } = 13.0;

    /// <summary>Per-opcode overrides of <see cref="UpcallMicros"/>.</summary>
    public Dictionary<FuseOpcode, double> PerOpcodeMicros { get; init; } = [];

    /// <summary>One in-kernel cache lookup (try_cache, read lock + tree walk), µs. An assumption, not a measurement.</summary>
    public double CacheLookupMicros { get; init; } = 0.1;

    public double Upcall(FuseOpcode op) => PerOpcodeMicros.TryGetValue(op, out var v) ? v : UpcallMicros;
}
