namespace IomapModel.KernelSim.Kernel;

/// <summary>One bio the kernel wrote to a device for a file range: what <c>block_bio_queue</c> shows, with the file
/// range the iomap mapping gave it (<paramref name="Path"/> is the IO path that issued it: writeback, dio, ...).</summary>
public readonly record struct BioWrite(SimInode Inode, long FilePos, uint Dev, ulong Addr, int Length, string Path);

/// <summary>
/// The simulated kernel's tracepoints, the one way to watch a run from outside: the named events of the seed's trace
/// inventory with their fields (<see cref="KernelTraceEvent"/>), and every bio written to a device. Like the kernel's,
/// they report and change nothing; with no sink attached (<see cref="SimKernel.Tracepoints"/> null) they cost nothing.
/// </summary>
public interface IKernelTracepoints
{
    void Event(KernelTraceEvent e);

    void Bio(in BioWrite bio);
}
