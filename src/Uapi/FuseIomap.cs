namespace IomapModel.Uapi;

/// <summary>
/// One mapping, <c>struct fuse_iomap</c> (seed lines 6438-6446): the value stored in the tree (all but the cookie), the
/// input of cache add/upsert and the result of a lookup. All offsets and lengths are bytes. The kernel mixes a signed
/// <c>loff_t</c> offset with unsigned u64 length and address; the types here keep that mix so the arithmetic wraps the
/// same way.
/// </summary>
/// <param name="Offset">File offset (<c>loff_t</c>): the tree key.</param>
/// <param name="Length">Length in bytes; 0 marks an empty leaf slot and is never stored.</param>
/// <param name="Addr">Device byte address, or <see cref="FuseIomapConstants.NullAddr"/>.</param>
/// <param name="Type">Mapping type.</param>
/// <param name="Flags">Mapping flags.</param>
/// <param name="Dev">Device cookie, or <see cref="FuseIomapConstants.DevNull"/>.</param>
public readonly record struct FuseIomap(long Offset, ulong Length, ulong Addr, FuseIomapType Type, FuseIomapFlags Flags, uint Dev)
{
    /// <summary>Set only on lookup results: the sequence counter at lookup time (not stored in the tree).</summary>
    public ulong ValidityCookie { get; init; }

    /// <summary>Offset + length with the kernel's u64 wrap.</summary>
    public ulong End => unchecked((ulong)Offset + Length);

    /// <summary>The <c>O:L:A:T:F:D</c> form used by ShapeDump (all decimal, addr unsigned).</summary>
    public string ToShapeString() =>
        $"{Offset}:{Length}:{Addr}:{(ushort)Type}:{(ushort)Flags}:{Dev}";

    public override string ToString() =>
        $"off={Offset} len={Length} addr={Addr} type={(ushort)Type} flags={(ushort)Flags} dev={Dev}";
}
