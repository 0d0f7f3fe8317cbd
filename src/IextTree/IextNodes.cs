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

/// <summary>A leaf, <c>struct fuse_iext_leaf</c>: up to seven records, empty slots (length 0) only at the tail.</summary>
internal sealed class IextLeaf
{
    private static int s_nextId;

    /// <summary>Stable identity for cursor printing (the kernel prints hashed pointers).</summary>
    public readonly int Id = Interlocked.Increment(ref s_nextId);
    public readonly FuseIomap[] Recs = new FuseIomap[IextGeometry.RecsPerLeaf];
    public IextLeaf? Prev;
    public IextLeaf? Next;

    public static bool IsEmpty(in FuseIomap rec) => rec.Length == 0;
}

/// <summary>An inner node, <c>struct fuse_iext_node</c>: ascending keys, <see cref="IextGeometry.KeyInvalid"/> after the
/// last child. Children are either all <see cref="IextNode"/> or all <see cref="IextLeaf"/>.</summary>
internal sealed class IextNode
{
    public readonly ulong[] Keys = NewKeys();
    public readonly object?[] Ptrs = new object?[IextGeometry.KeysPerNode];

    private static ulong[] NewKeys()
    {
        var keys = new ulong[IextGeometry.KeysPerNode];
        Array.Fill(keys, IextGeometry.KeyInvalid);
        return keys;
    }
}
