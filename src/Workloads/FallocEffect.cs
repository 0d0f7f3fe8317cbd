namespace IomapModel.Workloads;

/// <summary>
/// What a fallocate mode does to a file when it succeeds, the one reading of <c>FALLOC_FL_*</c> (man 2 fallocate) that
/// the expected contents and the allocation bookkeeping share: whether the bytes of the range read as zeros
/// afterwards, whether the range holds blocks afterwards (allocated) or none (freed), whether the size grows to the
/// range's end, and whether the data past the range moves (collapse: down by the length; insert: up).
/// </summary>
internal readonly record struct FallocEffect(bool ZeroesRange, bool AllocatesRange, bool FreesRange, bool GrowsSize, int Shift)
{
    /// <summary>The effect of <paramref name="mode"/>; a combination fallocate(2) rejects with EINVAL or EOPNOTSUPP
    /// (PUNCH_HOLE without KEEP_SIZE, two operations at once) has none.</summary>
    public static FallocEffect Of(FallocMode mode)
    {
        bool keep = mode.HasFlag(FallocMode.KeepSize);
        return (mode & ~FallocMode.KeepSize) switch
        {
            FallocMode.Allocate or FallocMode.UnshareRange => new(false, true, false, !keep, 0),
            FallocMode.PunchHole when keep => new(true, false, true, false, 0),
            FallocMode.ZeroRange => new(true, true, false, !keep, 0),
            FallocMode.CollapseRange when !keep => new(false, false, false, false, -1),
            FallocMode.InsertRange when !keep => new(false, false, false, false, +1),
            _ => default,
        };
    }
}
