#pragma warning disable CS0649, CS0169 // stub: removed when the tree lands
namespace IomapModel.IextTree;

/// <summary>One fork: the fuse_iext B+tree (seed fs/fuse/iomap_cache.c, ported from XFS xfs_iext_tree.c).</summary>
public sealed partial class IextFork
{
    private readonly IomapSequence _seq;
    private readonly KernelAsserts _asserts;
    private object? _root;
    private int _height;
    private long _count;

    public IextFork(IomapSequence seq, KernelAsserts asserts)
    {
        _seq = seq;
        _asserts = asserts;
    }

    /// <summary><c>fuse_iext_count</c>: records in the fork.</summary>
    public long Count => _count;

    /// <summary><c>if_height</c>: 0 empty, 1 the root is a leaf, h: h-1 inner levels above the leaves.</summary>
    public int Height => _height;

    public IomapSequence Sequence => _seq;
    public KernelAsserts Asserts => _asserts;

    public bool IsValid(in IextCursor cur) => throw new NotImplementedException();
    public void First(ref IextCursor cur) => throw new NotImplementedException();
    public void Last(ref IextCursor cur) => throw new NotImplementedException();
    public void Next(ref IextCursor cur) => throw new NotImplementedException();
    public void Prev(ref IextCursor cur) => throw new NotImplementedException();
    public bool TryGetExtent(in IextCursor cur, out FuseIomap got) => throw new NotImplementedException();
    public bool NextExtent(ref IextCursor cur, out FuseIomap got) => throw new NotImplementedException();
    public bool PrevExtent(ref IextCursor cur, out FuseIomap got) => throw new NotImplementedException();
    public bool PeekNextExtent(in IextCursor cur, out FuseIomap got) => throw new NotImplementedException();
    public bool PeekPrevExtent(in IextCursor cur, out FuseIomap got) => throw new NotImplementedException();
    public bool LookupExtent(long offset, out IextCursor cur, out FuseIomap got) => throw new NotImplementedException();
    public bool LookupExtentBefore(ref long end, out IextCursor cur, out FuseIomap got) => throw new NotImplementedException();
    public void Insert(ref IextCursor cur, in FuseIomap rec) => throw new NotImplementedException();
    public void Remove(ref IextCursor cur) => throw new NotImplementedException();
    public void UpdateExtent(ref IextCursor cur, in FuseIomap rec) => throw new NotImplementedException();
    public void Destroy() => throw new NotImplementedException();
    public IEnumerable<FuseIomap> Records() => throw new NotImplementedException();
    public IReadOnlyList<string> CheckInvariants() => throw new NotImplementedException();
}
