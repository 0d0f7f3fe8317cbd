namespace IomapModel.KernelSim.PageCache;

/// <summary>One page-cache folio (one page) with the per-block uptodate and dirty bits of <c>iomap_folio_state</c>
/// and a writeback count (the folio is under writeback while any of its ioends is outstanding).</summary>
public sealed class Folio(long index, uint pageSize, uint blockSize)
{
    public long Index { get; } = index;
    public long Pos => Index * PageSize;
    public uint PageSize { get; } = pageSize;
    public uint BlockSize { get; } = blockSize;
    public byte[] Data { get; } = new byte[pageSize];
    public bool[] Uptodate { get; } = new bool[pageSize / blockSize];
    public bool[] Dirty { get; } = new bool[pageSize / blockSize];
    public int WritebackCount { get; set; }

    public int Blocks => Uptodate.Length;
    public bool IsDirty => Dirty.Any(d => d);
    public bool UnderWriteback => WritebackCount > 0;
    public int BlockOf(long pos) => (int)((pos - Pos) / BlockSize);
}
