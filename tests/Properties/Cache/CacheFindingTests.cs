using InodeCache = IomapModel.IomapCache.IomapCache;
using IomapModel.IomapCache;

namespace IomapModel.Properties.Cache;

/// <summary>The findings of docs/findings.md as direct API checks, beside their traces.</summary>
public sealed class CacheFindingTests
{
    private static (InodeCache Cache, FuseIomapConnection Conn) NewInode(long maxBytes = long.MaxValue)
    {
        var devices = new IomapDeviceTable();
        devices.Register(1, 1 << 20);
        var cache = new InodeCache(new IomapGeometry(4096, maxBytes), devices);
        var conn = new FuseIomapConnection(devices);
        conn.AddInode(1, 1, cache);
        return (cache, conn);
    }

    private static FuseIomap Mapped(long off, ulong len, ulong addr) => new(off, len, addr, FuseIomapType.Mapped, 0, 1);

    [Fact]
    public void F1_a_cookie_from_before_the_destroy_shortcut_still_revalidates()
    {
        var (cache, _) = NewInode();
        cache.EnableCache();
        Assert.Equal(0, cache.Add(IomapFork.Read, Mapped(0, 8192, 4096)));
        Assert.Equal(IomapLookupResult.Hit, cache.Lookup(IomapFork.Read, 0, 4096, out var map));

        Assert.Equal(0, cache.Invalidate(0)); // O_TRUNC open, truncate to 0
        Assert.Equal(0, cache.ReadFork.Count);
        Assert.True(cache.Revalidate(map.ValidityCookie), "faithful: the emptied cache still accepts the old cookie");

        // A removal that does not take the shortcut does invalidate the cookie.
        Assert.Equal(0, cache.Add(IomapFork.Read, Mapped(0, 8192, 4096)));
        cache.Lookup(IomapFork.Read, 0, 4096, out map);
        Assert.Equal(0, cache.InvalidateRange(4096, 4096));
        Assert.False(cache.Revalidate(map.ValidityCookie));
    }

    [Fact]
    public void F2_an_upsert_at_offset_two_to_the_63_covers_every_offset_and_blocks_all_adds()
    {
        var (cache, conn) = NewInode();
        var bogus = new FuseIomap(long.MinValue, 4096, FuseIomapConstants.NullAddr, FuseIomapType.Hole, 0, 0);
        Assert.Equal(0, conn.NotifyUpsert(FuseIomapUpsertOut.ReadFork(1, 1, bogus)));
        Assert.Equal(IomapLookupResult.Hit, cache.Lookup(IomapFork.Read, 1 << 30, 4096, out var hit));
        Assert.Equal(FuseIomapType.Hole, hit.Type);
        Assert.Equal(-FuseErrno.EUCLEAN, cache.Add(IomapFork.Read, Mapped(0, 4096, 8192)));
    }

    [Fact]
    public void F3_a_hole_almost_two_to_the_64_long_is_handed_out_with_its_length_wrapped()
    {
        var (cache, conn) = NewInode();
        var huge = new FuseIomap(0, 0xFFFF_FFFF_FFFF_F000, FuseIomapConstants.NullAddr, FuseIomapType.Hole, 0, 0);
        Assert.Equal(0, conn.NotifyUpsert(FuseIomapUpsertOut.ReadFork(1, 1, huge)));
        Assert.Equal(IomapLookupResult.Hit, cache.Lookup(IomapFork.Read, 0, 4096, out var map));
        Assert.Equal(0xFFFF_FFFF_FFFF_F000UL, map.Length);
    }

    [Fact]
    public void F5_a_null_fork_with_length_zero_is_rejected_and_nothing_is_cached()
    {
        var (cache, conn) = NewInode();
        var read = Mapped(0, 4096, 4096);
        var msg = new FuseIomapUpsertOut(1, 1, read, read with { Type = FuseIomapType.Null, Length = 0, Addr = FuseIomapConstants.NullAddr, Dev = 0 });
        Assert.Equal(-FuseErrno.EIO, conn.NotifyUpsert(msg));
        Assert.Equal(0, cache.ReadFork.Count);
        Assert.False(cache.CacheEnabled);
    }

    [Fact]
    public void F7_with_debug_checks_a_cached_pure_overwrite_fails_writeback_style_writes()
    {
        var devices = new IomapDeviceTable();
        devices.Register(1, 1 << 20);
        foreach (var debug in new[] { false, true })
        {
            var cache = new InodeCache(new IomapGeometry(), devices, new IomapCacheOptions(debug));
            cache.EnableCache();
            cache.Add(IomapFork.Read, Mapped(0, 16384, 4096));
            cache.Add(IomapFork.Write, new FuseIomap(0, 16384, FuseIomapConstants.NullAddr, FuseIomapType.PureOverwrite, 0, 0));
            Assert.Equal(1, cache.TryCache(0, 4096, FuseIomapOp.Write).Ret);
            Assert.Equal(debug ? -FuseErrno.EIO : 1, cache.TryCache(0, 4096, FuseIomapOp.Write | FuseIomapOp.Direct).Ret);
        }
    }
}
