namespace IomapModel.KernelSim.Kernel;

/// <summary>The kernel's <c>struct iomap</c> as the iomap core uses it: one mapping, plus whether it came from the
/// cache (then <c>folio_ops-&gt;iomap_valid</c> is <c>fuse_iomap_revalidate</c> and <see cref="ValidityCookie"/> is
/// meaningful, seed 9032-9053). Upcall mappings have no folio_ops; in writeback their cookie is uninitialised stack
/// (seed-cache.md §8 item 5), which the model treats as never matching.</summary>
internal record struct KIomap(long Offset, ulong Length, ulong Addr, FuseIomapType Type, FuseIomapFlags Flags, uint Dev)
{
    public ulong ValidityCookie { get; set; }

    /// <summary>Served from the cache: the core revalidates it in write_begin, writeback compares its cookie.</summary>
    public bool FromCache { get; set; }

    public readonly ulong End => unchecked((ulong)Offset + Length);

    /// <summary>The device address backing file position <paramref name="pos"/> (addr + pos - offset).</summary>
    public readonly ulong AddrOf(long pos) => unchecked(Addr + (ulong)(pos - Offset));

    public readonly bool Contains(long pos) => pos >= Offset && (ulong)pos < End;

    public static KIomap FromFuse(in FuseIomap m, bool fromCache) =>
        new(m.Offset, m.Length, m.Addr, m.Type, m.Flags, m.Dev) { ValidityCookie = m.ValidityCookie, FromCache = fromCache };
}
