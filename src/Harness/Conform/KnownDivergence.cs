namespace IomapModel.Harness.Conform;

/// <summary>
/// Why the live daemon and the model may legitimately differ. The live daemon is Debian's classic fuse2fs (data through
/// FUSE_WRITE and <c>ext2fs_file_write</c>); the model is the RFC's iomap fuse2fs (data through the kernel's iomap
/// paths, blocks from <c>ext2fs_fallocate</c>). docs/conform.md explains each.
/// </summary>
/// <param name="Id">Short name printed next to each difference it explains.</param>
/// <param name="Why">The explanation printed in the closing summary.</param>
internal sealed record KnownDivergence(string Id, string Why)
{
    /// <summary>Classic fuse2fs (1.47.0) has no FALLOC_FL_ZERO_RANGE and answers EINVAL; the model's fuse2fs punches and
    /// allocates unwritten blocks (<c>op_fallocate</c>, seed 16840-16880).</summary>
    public static readonly KnownDivergence ZeroRange = new("zero-range",
        "classic fuse2fs refuses FALLOC_FL_ZERO_RANGE (EINVAL); the model's iomap fuse2fs punches and allocates unwritten " +
        "blocks. Where the model succeeded the live side was realigned by writing zeros over the range (O_DIRECT), so the " +
        "data agree and the range is written live, unwritten (or a hole) in the model.");

    /// <summary><c>fuse2fs_allocate_range</c>: "Indirect files do not support unwritten extents" (-EOPNOTSUPP), while
    /// classic fuse2fs allocates zeroed blocks.</summary>
    public static readonly KnownDivergence BlockMapFallocate = new("blockmap-fallocate",
        "fallocate on a block-mapped (ext2/ext3) file: classic fuse2fs writes zeroed blocks; the model's iomap fuse2fs " +
        "answers EOPNOTSUPP (indirect files have no unwritten state). The model side was realigned by growing the size " +
        "where the live fallocate did, so the range is written live and a hole in the model.");

    /// <summary>docs/findings.md F11, <c>extent_fallocate</c> through <c>fuse2fs_iomap_write_allocate</c>.</summary>
    public static readonly KnownDivergence WholeGap = new("F11",
        "findings F11: a write left of a file's first extent, when that extent is unwritten, makes the model's fuse2fs " +
        "(ext2fs_fallocate from iomap_begin) grow it down to the write, holding the whole gap as unwritten blocks; " +
        "classic fuse2fs allocates only the blocks it writes.");

    /// <summary>Debian 12's libext2fs (1.47.0) <c>extent_fallocate</c> asks the helper for the whole gap from the range
    /// to the first extent (<c>left_extent.e_lblk - start</c>); e2fsprogs 149805bf (June 2025, in the master the RFC's
    /// fuse2fs was built on) asks for <c>min(len, gap)</c>. tests/Properties ExtentFallocateGapTests shows both.</summary>
    public static readonly KnownDivergence DebianWholeGap = new("libext2fs-1.47.0-gap",
        "a fallocate starting left of a file's first extent: the live daemon's libext2fs (Debian 12, 1.47.0) fills the " +
        "whole gap up to that extent with unwritten blocks; the RFC's libext2fs (e2fsprogs master of 2025-07-17, with " +
        "149805bf 'fix bounding error in the extent fallocate code') allocates only the range, plus the gap when the " +
        "first extent is unwritten (F11). The gap is unwritten live, a hole in the model.");

    /// <summary>docs/findings.md F10 (and F13, F16): <c>fuse2fs_iomap_begin_indirect</c> answers at the unaligned pos.</summary>
    public static readonly KnownDivergence UnalignedBlockMapWrite = new("F10",
        "findings F10: a write at an unaligned offset of a block-mapped file (or kernel zeroing at an unaligned position: " +
        "a punch's partial head block, the gap before a write past an unaligned EOF, a truncate's tail, F16) gets an " +
        "unaligned mapping from the model's fuse2fs, which the kernel rejects (-EIO, or -ERANGE through F13); classic " +
        "fuse2fs does it. The live file was realigned to the model's size and bytes, so the comparison goes on from equal " +
        "files; run with --intended to model fuse2fs as meant.");

    /// <summary>docs/findings.md F17: <c>ext2fs_punch</c> on a block map frees blocks beyond the range and, at a region
    /// boundary, leaves whole blocks of the range mapped; the live daemon's libext2fs (1.47.0) has both slips whatever
    /// the model does, the model's fuse2fs has them with the RFC v3 quirks (the same library), and the RFC kernel
    /// dropped only the punched range from its page cache.</summary>
    public static readonly KnownDivergence IndirectPunchFreesBeyond = new("F17",
        "findings F17: libext2fs's ext2fs_punch on a block-mapped (ext2/ext3) file frees mapped blocks beyond the range " +
        "and, at a region boundary, leaves whole blocks of the range mapped; the live daemon's library (Debian's 1.47.0) " +
        "does both, the model's fuse2fs too with the RFC v3 quirks. Freed beyond the range: the live file reads zeros " +
        "there; the model's page cache (the RFC kernel dropped only the punched range) still showed the old bytes, so its " +
        "clean pages were dropped as reclaim would, and where the model still held the data (dirty pages, or --intended) " +
        "the live file was realigned to it. Left mapped: classic fuse2fs shows their old bytes while the RFC kernel " +
        "zeroes the range; the live side was realigned by writing those zeros.");

    /// <summary>Classic fuse2fs's block-map fallocate with KEEP_SIZE past EOF writes zeroed blocks beyond i_size, which
    /// <c>e2fsck</c> flags (<c>i_size is A, should be B</c>): only extent files may hold (unwritten) blocks past EOF.
    /// The model's fuse2fs refuses fallocate on block maps (<c>fuse2fs_allocate_range</c>), so it never gets there.</summary>
    public static readonly KnownDivergence BlockMapBlocksPastEof = new("blockmap-past-eof",
        "fallocate KEEP_SIZE past EOF on a block-mapped (ext2/ext3) file: classic fuse2fs writes zeroed blocks beyond " +
        "i_size, and e2fsck flags the inode ('i_size is A, should be B'): a block map cannot hold blocks past EOF, only " +
        "an extent file can (unwritten). The model's iomap fuse2fs refuses fallocate on block maps (EOPNOTSUPP), so its " +
        "image has no such blocks; e2fsck complaints of exactly this kind, for such files, are known.");

    /// <summary>Classic fuse2fs 1.47.0's <c>punch_helper</c> for a punch that starts on a block boundary and ends
    /// inside that block: <c>clean_block_middle</c> returns at once when the start is aligned (residue 0), so nothing
    /// is zeroed; and the last whole block, <c>(offset + len - blocksize) / blocksize</c>, is a negative value C rounds
    /// to 0, so from byte 0 all of block 0 is unmapped. The RFC's fuse2fs in iomap mode skips the clean_block helpers
    /// (the kernel zeroes partial blocks, seed 16840-16880) and unmaps only whole blocks.</summary>
    public static readonly KnownDivergence SubBlockPunch = new("sub-block-punch",
        "a punch starting on a block boundary and ending inside that block: classic fuse2fs 1.47.0 zeroes nothing " +
        "(clean_block_middle returns when the start is aligned), except from byte 0, where its last-block arithmetic " +
        "(offset + len - blocksize) / blocksize rounds a negative value to 0 and unmaps all of block 0; the RFC's " +
        "fuse2fs leaves partial blocks to the kernel, which zeroes exactly the range. The live block was realigned by " +
        "writing the model's bytes over it (O_DIRECT); it may differ in class.");

    /// <summary>An operation of the workload the model does not run (<see cref="IomapModel.Workloads.OpOutcome"/>'s
    /// Unsupported reason: e.g. mmap reads, unlink); a gap in the model, never a kernel or fuse2fs behaviour.</summary>
    public static readonly KnownDivergence ModelUnsupported = new("model-unsupported",
        "an operation the model does not run (the step names why): whatever the live side did to the files it touches " +
        "is not compared; the live files were realigned to the model's bytes and sizes, so later steps compare again.");
}
