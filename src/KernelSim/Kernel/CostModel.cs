
namespace IomapModel.KernelSim.Kernel;

/// <summary>
/// Turns upcalls and cache lookups into simulated time. The default round trip is the FUSE_GETXATTR round trip measured
/// on this machine with the real fuse2fs daemon and the fuse_request_send/fuse_request_end tracepoints
/// (scripts/measure-upcalls.sh; docs/kernelsim.md "Measured upcall cost": the median of five runs' medians, 16 µs,
/// runs 13-17 µs). GETXATTR is a small request without a data payload, like FUSE_IOMAP_BEGIN/END/IOEND. FUSE_READ and
/// FUSE_WRITE carrying 4 KiB measured 23 µs and 30 µs.
/// </summary>
public sealed class CostModel
{
    /// <summary>Round trip of one metadata-sized FUSE request, µs (measured: FUSE_GETXATTR, see the class remarks).</summary>
    public double UpcallMicros { get; init; } = 16.0;

    /// <summary>Per-opcode overrides of <see cref="UpcallMicros"/>.</summary>
    public Dictionary<FuseOpcode, double> PerOpcodeMicros { get; init; } = [];

    /// <summary>One in-kernel cache lookup (try_cache, read lock + tree walk), µs. An assumption, not a measurement.</summary>
    public double CacheLookupMicros { get; init; } = 0.1;

    public double Upcall(FuseOpcode op) => PerOpcodeMicros.TryGetValue(op, out var v) ? v : UpcallMicros;
}
