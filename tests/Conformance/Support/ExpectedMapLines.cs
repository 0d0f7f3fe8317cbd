using IomapModel.Ext4;

namespace IomapModel.Conformance.Support;

/// <summary>
/// What <c>iomapmodel map IMAGE PATH</c> must print, derived from an extent list that came from debugfs (not from the
/// mapper), by the seed's fuse2fs rules written out again here, independently of <c>Fuse2fsMapping</c>:
/// <list type="bullet">
/// <item>extent files (<c>fuse2fs_iomap_begin_extent</c>): each on-disk extent whole (type 2 MAPPED, 3 UNWRITTEN),
/// a hole up to the next extent, after the last one a hole to the end of the block holding EOF;</item>
/// <item>block-mapped files (<c>fuse2fs_iomap_begin_indirect</c> with the RFC v3 quirks): runs of physically adjacent
/// blocks, cut where pos + max(count, 128 KiB) ends, and one-block holes, every answer with FUSE_IOMAP_F_MERGED (8);</item>
/// <item>inline files: one INLINE (4) answer over [0, blocksize).</item>
/// </list>
/// The walk asks [pos, EOF) and moves to the end of each answer, as the verb does.
/// </summary>
public static class ExpectedMapLines
{
    private const ulong Null = ulong.MaxValue;

    public static IReadOnlyList<string> For(Ext4FileKind kind, long size, long bs, IReadOnlyList<Ext4Extent> extents)
    {
        var lines = new List<string>();
        if (kind == Ext4FileKind.InlineData)
        {
            if (size > 0) lines.Add(Line(0, bs, Null, 4, 0, 0));
            return lines;
        }
        var runs = extents.OrderBy(e => e.LogicalBlock).ToList();
        long pos = 0;
        while (pos < size)
        {
            long b = pos / bs;
            var inside = runs.FirstOrDefault(e => e.LogicalBlock <= b && b < e.EndBlock);
            var next = runs.FirstOrDefault(e => e.LogicalBlock > b);
            if (kind == Ext4FileKind.Extents)
            {
                if (inside.Length > 0)
                {
                    lines.Add(Line(inside.LogicalBlock * bs, inside.Length * bs, (ulong)(inside.PhysicalBlock * bs), inside.Unwritten ? 3 : 2, 0, 1));
                    pos = inside.EndBlock * bs;
                }
                else if (next.Length > 0)
                {
                    lines.Add(Line(b * bs, (next.LogicalBlock - b) * bs, Null, 0, 0, 0));
                    pos = next.LogicalBlock * bs;
                }
                else
                {
                    long end = (size + bs - 1) / bs * bs;
                    lines.Add(Line(b * bs, end - b * bs, Null, 0, 0, 0));
                    pos = end;
                }
            }
            else
            {
                long count = Math.Max(size - pos, 131072);
                long endoff = (pos + count + bs - 1) / bs;
                if (inside.Length > 0)
                {
                    long blocks = Math.Min(inside.EndBlock, endoff) - b;
                    lines.Add(Line(pos, blocks * bs, (ulong)((inside.PhysicalBlock + b - inside.LogicalBlock) * bs), 2, 8, 1));
                    pos += blocks * bs;
                }
                else
                {
                    lines.Add(Line(pos, bs, Null, 0, 8, 0));
                    pos += bs;
                }
            }
        }
        return lines;
    }

    private static string Line(long off, long len, ulong addr, int type, int flags, int dev) =>
        $"off={off} len={len} addr={addr} type={type} flags={flags} dev={dev}";
}
