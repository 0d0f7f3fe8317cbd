using System.Runtime.CompilerServices;

namespace IomapModel.IextTree;

/// <summary>
/// The sizes of the kernel's in-core extent btree on 64-bit (seed enum NODE_SIZE/KEYS_PER_NODE/RECS_PER_LEAF): a node is
/// 256 bytes, an inner node holds 16 (u64 key, pointer) pairs and a leaf holds 7 32-byte records plus prev/next.
/// </summary>
internal static class IextGeometry
{
    public const int NodeSize = 256;
    public const int KeysPerNode = NodeSize / (sizeof(ulong) + 8);
    public const int RecordSize = 32;
    public const int RecsPerLeaf = (NodeSize - 2 * 8) / RecordSize;

    /// <summary><c>FUSE_IEXT_KEY_INVALID</c>: an unused inner key; compares (unsigned) above every valid offset.</summary>
    public const ulong KeyInvalid = 1UL << 63;
}

/// <summary>
/// <c>struct fuse_iext_rec</c> (seed lines 7273-7280): what a leaf slot stores, 32 bytes. It is <see cref="FuseIomap"/>
/// without the validity cookie, which <c>fuse_iext_get</c> leaves to the end of the lookup. A length of 0 marks an
/// empty slot.
/// </summary>
internal struct FuseIextRec
{
    public long Offset;
    public ulong Length;
    public ulong Addr;
    public FuseIomapType Type;
    public FuseIomapFlags Flags;
    public uint Dev;

    public readonly bool IsEmpty => Length == 0;

    /// <summary><c>fuse_iext_set</c>'s copy: the six fields, no cookie.</summary>
    public static FuseIextRec From(in FuseIomap m) =>
        new() { Offset = m.Offset, Length = m.Length, Addr = m.Addr, Type = m.Type, Flags = m.Flags, Dev = m.Dev };

    /// <summary><c>fuse_iext_get</c>: the six fields; the cookie is the lookup's business (0 here).</summary>
    public readonly FuseIomap ToIomap() => new(Offset, Length, Addr, Type, Flags, Dev);
}

/// <summary>The seven record slots of a leaf, inline.</summary>
[InlineArray(IextGeometry.RecsPerLeaf)]
internal struct IextLeafRecs
{
    private FuseIextRec _first;
}

/// <summary>
/// A leaf, <c>struct fuse_iext_leaf</c>: up to seven records, empty slots (length 0) only at the tail, then the
/// indices of the previous and next leaf (0 is NULL). 232 bytes, stored by value in the fork's leaf pool.
/// </summary>
internal struct IextLeaf
{
    public IextLeafRecs Recs;
    public int Prev;
    public int Next;
}

/// <summary>The sixteen keys of an inner node, inline.</summary>
[InlineArray(IextGeometry.KeysPerNode)]
internal struct IextNodeKeys
{
    private ulong _first;
}

/// <summary>The sixteen child indices of an inner node, inline (0 is NULL).</summary>
[InlineArray(IextGeometry.KeysPerNode)]
internal struct IextNodePtrs
{
    private int _first;
}

/// <summary>Pads an inner node to the kernel's 256 bytes.</summary>
[InlineArray(8)]
internal struct IextNodePad
{
    private ulong _first;
}

/// <summary>An inner node, <c>struct fuse_iext_node</c>: ascending keys, <see cref="IextGeometry.KeyInvalid"/> after the
/// last child. The children are leaves when the node sits at level 2 and inner nodes above: the height says which, so
/// nothing is type-tested on the way down. Stored by value in the fork's node pool, padded to 256 bytes as in the
/// kernel so that the descent finds a node by shifting its index instead of multiplying it (one node per 16 leaves:
/// the padding costs under half a byte per record).</summary>
internal struct IextNode
{
    public IextNodeKeys Keys;
    public IextNodePtrs Ptrs;
    private IextNodePad _pad;
}
