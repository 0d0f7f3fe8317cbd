using IomapModel.IextTree;

namespace IomapModel.IomapCache;

/// <summary>Removing a range from one fork (seed <c>fuse_iomap_cache_remove</c> and <c>fuse_iext_del_mapping</c>,
/// 8427-8637). The arithmetic keeps the C's mix of signed loff_t and unsigned u64, wrapping included.</summary>
public sealed partial class IomapCache
{
    /// <summary>
    /// <c>fuse_iomap_cache_remove</c>: unmaps <c>[start, start + len)</c>, walking backwards from the end of the range.
    /// <c>len == FUSE_IOMAP_INVAL_TO_EOF</c> means up to <c>round_up(s_maxbytes)</c>. A range from 0 covering at least
    /// <c>s_maxbytes</c> destroys the fork outright, without bumping the counter. An unknown record type is -EUCLEAN.
    /// </summary>
    public int Remove(IomapFork fork, long start, ulong len)
    {
        Tracepoints?.CacheRemove(fork, start, len);
        var ifp = ForkOf(fork);
        if (ifp is null || ifp.Count == 0)
            return 0;

        if (start == 0 && len >= unchecked((ulong)Geometry.MaxBytes))
        {
            ifp.Destroy();
            return 0;
        }

        var ret = len == 0 ? 0 : RemoveRange(ifp, start, len);
        CheckMappings(fork);
        return ret;
    }

    private int RemoveRange(IextFork ifp, long start, ulong len)
    {
        var done = false;
        if (len == FuseIomapConstants.InvalToEof)
            len = unchecked((ulong)Geometry.RoundUp(Geometry.MaxBytes) - (ulong)start);

        var end = unchecked(start + (long)len);
        if (!ifp.LookupExtentBefore(ref end, out var cur, out var got))
            return 0;
        end = unchecked(end - 1);

        while (end != -1 && end >= start)
        {
            // The record found lies after the hole that holds end: step back to the previous one.
            if (got.Offset > end && !ifp.PrevExtent(ref cur, out got))
            {
                done = true;
                break;
            }
            // Is this record's last byte before the range? Then we are done.
            end = Math.Min(end, unchecked((long)(got.End - 1)));
            if (end < start)
                break;

            var del = got;
            bool wasReal;
            switch (del.Type)
            {
                case FuseIomapType.Delalloc:
                case FuseIomapType.Hole:
                case FuseIomapType.Inline:
                case FuseIomapType.PureOverwrite:
                    wasReal = false;
                    break;
                case FuseIomapType.Mapped:
                case FuseIomapType.Unwritten:
                    wasReal = true;
                    break;
                default:
                    _asserts.Check(false, "fuse_iomap_cache_remove", "0");
                    return -FuseErrno.EUCLEAN;
            }

            if (got.Offset < start)
            {
                var skip = unchecked((ulong)(start - got.Offset));
                del = del with { Offset = start, Length = unchecked(del.Length - skip) };
                if (wasReal)
                    del = del with { Addr = unchecked(del.Addr + skip) };
            }
            if (del.End > unchecked((ulong)(end + 1)))
                del = del with { Length = unchecked((ulong)(end + 1 - del.Offset)) };

            DelMapping(ifp, ref cur, got, del);
            end = unchecked(del.Offset - 1);

            // Not done yet: go on to the previous record.
            if (end != -1 && end >= start)
            {
                if (!ifp.TryGetExtent(cur, out got) || (got.Offset > end && !ifp.PrevExtent(ref cur, out got)))
                {
                    done = true;
                    break;
                }
            }
        }

        // "Should have removed everything": unreachable in practice (docs/findings.md).
        return len == 0 || done || end == -1 || end < start ? 0 : -FuseErrno.EUCLEAN;
    }

    /// <summary><c>fuse_iext_del_mapping</c>: removes <paramref name="del"/> from the record <paramref name="got"/> that
    /// contains it: the whole record, its front, its back, or its middle (which splits it in two).</summary>
    private void DelMapping(IextFork ifp, ref IextCursor cur, FuseIomap got, in FuseIomap del)
    {
        var delEndOff = del.End;
        var gotEndOff = got.End;

        _asserts.Check(del.Length > 0, "fuse_iext_del_mapping", "del->length > 0");
        _asserts.Check(got.Offset <= del.Offset, "fuse_iext_del_mapping", "got->offset <= del->offset");
        _asserts.Check(gotEndOff >= delEndOff, "fuse_iext_del_mapping", "got_endoff >= del_endoff");

        var delEndAddr = FuseIomapConstants.IsRealType(del.Type) ? unchecked(del.Addr + del.Length) : FuseIomapConstants.NullAddr;
        var leftFilling = got.Offset == del.Offset;
        var rightFilling = gotEndOff == delEndOff;

        switch (leftFilling, rightFilling)
        {
            case (true, true):
                ifp.Remove(ref cur);
                ifp.Prev(ref cur);
                break;
            case (true, false):
                got = got with { Offset = unchecked((long)delEndOff), Addr = delEndAddr, Length = unchecked(got.Length - del.Length) };
                ifp.UpdateExtent(ref cur, got);
                break;
            case (false, true):
                got = got with { Length = unchecked(got.Length - del.Length) };
                ifp.UpdateExtent(ref cur, got);
                break;
            default:
                var right = new FuseIomap(unchecked((long)delEndOff), unchecked(gotEndOff - delEndOff), delEndAddr, got.Type, got.Flags, got.Dev);
                got = got with { Length = unchecked((ulong)(del.Offset - got.Offset)) };
                ifp.UpdateExtent(ref cur, got);
                ifp.Next(ref cur);
                ifp.Insert(ref cur, right);
                break;
        }
    }
}
