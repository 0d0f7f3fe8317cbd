using IomapModel.KernelSim.PageCache;

namespace IomapModel.KernelSim.Kernel;

/// <summary>A writeback ioend (<c>struct iomap_ioend</c>): a file range written contiguously to one device range with
/// one set of flags, and the folios waiting for it.</summary>
internal sealed class Ioend(long pos, ulong addr, uint dev, bool unwritten, bool shared)
{
    public long Pos { get; } = pos;
    public ulong Size { get; set; }
    public ulong Addr { get; } = addr;
    public uint Dev { get; } = dev;
    public bool Unwritten { get; } = unwritten;
    public bool Shared { get; } = shared;
    public int Error { get; set; }
    public List<Folio> Folios { get; } = [];

    public bool CanAppend(long pos, ulong addr, uint dev, bool unwritten, bool shared) =>
        unwritten == Unwritten && shared == Shared && dev == Dev &&
        pos == Pos + (long)Size && addr == Addr + Size;
}
