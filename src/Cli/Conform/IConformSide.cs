using IomapModel.Traces.Conform;

namespace IomapModel.Cli.Conform;

/// <summary>One side of a conform run (the live fuse2fs mount, or the model): does a script operation and reads files
/// back, so both are compared by the same code.</summary>
public interface IConformSide
{
    /// <summary>Does <paramref name="op"/>; 0 or a negative errno.</summary>
    int Apply(ConformOp op);

    /// <summary>The file's size, or null when it does not exist.</summary>
    long? SizeOf(string path);

    /// <summary>Up to <paramref name="length"/> bytes at <paramref name="offset"/> (fewer at EOF).</summary>
    byte[] Read(string path, long offset, int length);
}
