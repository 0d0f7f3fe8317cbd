using IomapModel.IextTree;

namespace IomapModel.IomapCache;

/// <summary>Adding a mapping into a hole, merging with its neighbours (seed <c>fuse_iomap_cache_add</c> and
/// <c>fuse_iext_add_mapping</c>, 8639-8777).</summary>
public sealed partial class IomapCache
{
    /// <summary>
    /// <c>fuse_iomap_cache_add</c>: the mapping must land in a hole, else -EUCLEAN. Adding into the write fork creates
    /// the fork first, so even a failed add leaves an (empty) write fork behind, and NOFORK never comes back.
    /// </summary>
    public int Add(IomapFork fork, in FuseIomap map)
    {
        _asserts.Check(map.Length > 0, "fuse_iomap_cache_add", "new->length > 0");
        _asserts.Check(map.Offset < Geometry.MaxBytes, "fuse_iomap_cache_add", "new->offset < inode->i_sb->s_maxbytes");
        Tracepoints?.CacheAdd(fork, map);

        var ifp = ForkOf(fork);
        if (ifp is null)
        {
            if (fork != IomapFork.Write)
                return -FuseErrno.ENOMEM; // fork_ptr of an unknown fork; the kernel would oops first
            ifp = WriteFork = new IextFork(_seq, _asserts);
        }

        if (ifp.LookupExtent(map.Offset, out var cur, out var got))
        {
            var gap = unchecked((ulong)(got.Offset - map.Offset));
            _asserts.Check(got.Offset > map.Offset, "fuse_iomap_cache_add", "got.offset > new->offset");
            _asserts.Check(gap >= map.Length, "fuse_iomap_cache_add", "got.offset - new->offset >= new->length");
            if (got.Offset <= map.Offset || gap < map.Length)
                return -FuseErrno.EUCLEAN;
        }

        AddMapping(ifp, ref cur, map);
        CheckMappings(fork);
        return 0;
    }

    /// <summary><c>fuse_iext_add_mapping</c>: merge with the left neighbour, the right one, both (unless the three would
    /// exceed FUSE_IOMAP_MAX_LEN), or insert a new record.</summary>
    private static void AddMapping(IextFork ifp, ref IextCursor cur, in FuseIomap map)
    {
        var leftValid = ifp.PeekPrevExtent(cur, out var left);
        var rightValid = ifp.TryGetExtent(cur, out var right);
        var leftContig = leftValid && IomapMergeRules.CanMerge(left, map);
        var rightContig = rightValid && IomapMergeRules.CanMerge(map, right) &&
                          (!leftContig || IomapMergeRules.CanMerge3(left, map, right));

        switch (leftContig, rightContig)
        {
            case (true, true):
                left = left with { Length = unchecked(left.Length + map.Length + right.Length) };
                ifp.Remove(ref cur);
                ifp.Prev(ref cur);
                ifp.UpdateExtent(ref cur, left);
                break;
            case (true, false):
                left = left with { Length = unchecked(left.Length + map.Length) };
                ifp.Prev(ref cur);
                ifp.UpdateExtent(ref cur, left);
                break;
            case (false, true):
                right = right with { Offset = map.Offset, Addr = map.Addr, Length = unchecked(right.Length + map.Length) };
                ifp.UpdateExtent(ref cur, right);
                break;
            default:
                ifp.Insert(ref cur, map);
                break;
        }
    }
}
