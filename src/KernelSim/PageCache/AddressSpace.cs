namespace IomapModel.KernelSim.PageCache;

/// <summary>An inode's page cache (<c>address_space</c>): folios by page index.</summary>
public sealed class AddressSpace(uint pageSize, uint blockSize)
{
    private readonly SortedDictionary<long, Folio> _folios = [];

    public uint PageSize { get; } = pageSize;
    public IEnumerable<Folio> Folios => _folios.Values;
    public int Count => _folios.Count;

    public Folio? Get(long index) => _folios.GetValueOrDefault(index);

    public Folio GetOrCreate(long index)
    {
        if (!_folios.TryGetValue(index, out var f))
            _folios[index] = f = new Folio(index, PageSize, blockSize);
        return f;
    }

    public void Remove(long index) => _folios.Remove(index);

    /// <summary>Folios overlapping the byte range [start, end).</summary>
    public List<Folio> InRange(long start, long end) =>
        _folios.Values.Where(f => f.Pos < end && f.Pos + PageSize > start).ToList();

    /// <summary>The first dirty folio at or after <paramref name="index"/> and before <paramref name="endIndex"/>.</summary>
    public Folio? NextDirty(long index, long endIndex) =>
        _folios.Values.FirstOrDefault(f => f.Index >= index && f.Index < endIndex && f.IsDirty);
}
