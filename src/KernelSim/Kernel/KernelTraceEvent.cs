namespace IomapModel.KernelSim.Kernel;

/// <summary>One simulated tracepoint, named as in the seed's trace inventory (seed-iomap.md §9): e.g.
/// <c>fuse_iomap_begin</c>, <c>fuse_iomap_read_map</c>, <c>fuse_iomap_end</c>, <c>fuse_iomap_ioend</c>,
/// <c>fuse_iomap_map_blocks</c>, <c>fuse_iomap_invalid</c>, plus <c>fuse_request_send</c> for every upcall.</summary>
public readonly record struct KernelTraceEvent(string Name, ulong NodeId, string Fields)
{
    public override string ToString() => $"{Name}: nodeid {NodeId} {Fields}";
}
