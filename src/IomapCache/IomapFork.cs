namespace IomapModel.IomapCache;

/// <summary><c>enum fuse_iomap_fork</c> (seed 6433-6436).</summary>
public enum IomapFork
{
    Read = 0,
    Write = 1,
}

/// <summary><c>enum fuse_iomap_lookup_result</c> (seed 7010-7016). NOFORK: no write fork exists, writes are in place.</summary>
public enum IomapLookupResult
{
    Hit = 0,
    Miss = 1,
    NoFork = 2,
}
