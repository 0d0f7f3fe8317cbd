namespace IomapModel.Harness.Host;

/// <summary><c>e2fsck -fn</c>: a forced, read-only check of an unmounted image.</summary>
internal static class E2fsck
{
    /// <summary>Runs the check; exit code 0 means clean.</summary>
    public static ToolResult Check(string image) => ToolRunner.Run("e2fsck", "-fn", image);

    /// <summary>Throws with e2fsck's whole report unless it finds the image clean (exit 0).</summary>
    public static void AssertClean(string image)
    {
        var r = Check(image);
        if (r.ExitCode != 0) throw new InvalidOperationException($"e2fsck -fn {image} is not clean: {r}");
    }
}
