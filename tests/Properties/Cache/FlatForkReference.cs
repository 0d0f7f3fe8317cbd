namespace IomapModel.Properties.Cache;

/// <summary>What one block of a fork maps to: its type, flags, device and (for real types) the block's own address.</summary>
public readonly record struct BlockMapping(FuseIomapType Type, FuseIomapFlags Flags, uint Dev, ulong Addr);

/// <summary>The reference model of one fork: a flat map from block number to what that block maps to.</summary>
public sealed class FlatForkReference(uint blockSize)
{
    private readonly SortedDictionary<long, BlockMapping> _blocks = [];

    public bool Exists { get; set; }
    public IReadOnlyDictionary<long, BlockMapping> Blocks => _blocks;

    public static Dictionary<long, BlockMapping> Expand(IEnumerable<FuseIomap> records, uint bs)
    {
        var map = new Dictionary<long, BlockMapping>();
        foreach (var r in records)
            for (var off = r.Offset; off < r.Offset + (long)r.Length; off += bs)
                map[off / bs] = new BlockMapping(r.Type, r.Flags, r.Dev,
                    FuseIomapConstants.IsRealType(r.Type) ? r.Addr + (ulong)(off - r.Offset) : FuseIomapConstants.NullAddr);
        return map;
    }

    public bool IsHole(long firstBlock, long blocks)
    {
        for (var b = firstBlock; b < firstBlock + blocks; b++)
            if (_blocks.ContainsKey(b))
                return false;
        return true;
    }

    public void Map(in FuseIomap m)
    {
        foreach (var (block, value) in Expand([m], blockSize))
            _blocks[block] = value;
    }

    public void Unmap(long firstBlock, long lastBlockExclusive)
    {
        foreach (var b in _blocks.Keys.Where(b => b >= firstBlock && b < lastBlockExclusive).ToList())
            _blocks.Remove(b);
    }

    public void Clear() => _blocks.Clear();

    /// <summary>Blocks from <paramref name="block"/> on that one maximal record would cover (same attributes, addresses
    /// contiguous for real types).</summary>
    public long RunLength(long block)
    {
        var first = _blocks[block];
        long n = 1;
        while (_blocks.TryGetValue(block + n, out var next) && next.Type == first.Type && next.Flags == first.Flags &&
               next.Dev == first.Dev &&
               (FuseIomapConstants.IsRealType(first.Type) ? next.Addr == first.Addr + (ulong)(n * blockSize) : next.Addr == first.Addr))
            n++;
        return n;
    }
}
