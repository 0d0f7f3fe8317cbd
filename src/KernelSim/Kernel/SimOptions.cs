namespace IomapModel.KernelSim.Kernel;

/// <summary>Switches of the simulated kernel. The defaults are the RFC v3 behaviour.</summary>
public sealed class SimOptions
{
    /// <summary>PAGE_SIZE; folios are one page (large folios are not modelled).</summary>
    public uint PageSize { get; init; } = 4096;

    /// <summary>Readahead window (the default 128 KiB, ra_pages = 32): one iomap iteration run per window.</summary>
    public uint ReadaheadBytes { get; init; } = 128 * 1024;

    /// <summary>TEST-ONLY: when false, neither write_begin nor writeback checks the validity cookie (the 2/4-patchset
    /// behaviour, "XXX actually use revalidation cookie"), so stale mappings are used.</summary>
    public bool Revalidate { get; init; } = true;

    /// <summary>Model choice, not the kernel's: flush and wait for all writeback before FUSE_SETATTR(size) and the
    /// O_TRUNC open. The RFC sends SETATTR first (seed-iomap.md §8 items 12-13), which lets writeback in flight write
    /// blocks the server has just freed and lets a late ioend's APPEND re-extend the file.</summary>
    public bool FlushBeforeTruncate { get; init; }

    /// <summary>Model choice, not the kernel's: drop the destination page cache after copy_file_range. The RFC stops
    /// doing this for FILEIO inodes (seed 3174-3183 hunk, seed-iomap.md §8 item 26), so clean cached pages can shadow
    /// the copied data.</summary>
    public bool CopyRangeDropsPageCache { get; init; }

    /// <summary>Model choice, not the kernel's: give mappings that came from an upcall the sequence number read when
    /// the reply arrived as their validity cookie. In the RFC the cookie of an upcall mapping is uninitialised stack
    /// (seed-cache.md §8 item 5), so writeback's cookie check fails for every range and forces a new map_blocks;
    /// with this switch a writeback pass reuses an upcall mapping across folios until the cache changes.</summary>
    public bool UpcallMappingsCarryCookie { get; init; }

    /// <summary>Retries of the FUSE_IOMAP_BEGIN NULL-reply loop before giving up with -EINTR (the kernel loops until
    /// a signal is pending).</summary>
    public int NullReplyRetries { get; init; } = 16;

    public CostModel Cost { get; init; } = new();
}
