namespace IomapModel.Harness.Host;

/// <summary><c>e2fsck -fn</c>: a forced, read-only check of an unmounted image.</summary>
internal static class E2fsck
{
    /// <summary>Runs the check; exit code 0 means clean.</summary>
    public static ToolResult Check(string image) => ToolRunner.Run("e2fsck", "-fn", image);
}
