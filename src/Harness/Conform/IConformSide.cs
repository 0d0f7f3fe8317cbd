using IomapModel.Workloads;

namespace IomapModel.Harness.Conform;

/// <summary>One side of a conform run (the live fuse2fs mount, or the model): does a script operation and reads files
/// back, so both are compared by the same code.</summary>
internal interface IConformSide
{
    /// <summary>Does <paramref name="op"/>; 0 or a negative errno (a short write is -EIO).</summary>
    int Apply(FileOp op);

    /// <summary>The file's size, or null when it does not exist.</summary>
    long? SizeOf(string path);

    /// <summary>Up to <paramref name="length"/> bytes at <paramref name="offset"/> (fewer at EOF).</summary>
    byte[] Read(string path, long offset, int length);
}

/// <summary>What a conform step makes of an operation's outcome: 0, the errno, or -EIO for a write that stopped short.</summary>
internal static class ConformReturn
{
    public static int Of(FileOp op, OpOutcome outcome) =>
        outcome.Ret < 0 ? (int)outcome.Ret : op is FileOp.Write w && outcome.Ret != w.Length ? -FuseErrno.EIO : 0;
}
