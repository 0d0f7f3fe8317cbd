namespace IomapModel.Conformance.Support;

/// <summary><c>e2fsck -fn</c>: a forced, read-only check of an unmounted image.</summary>
public static class E2fsck
{
    /// <summary>Fails with e2fsck's whole report unless it finds the image clean (exit 0).</summary>
    public static void AssertClean(string image)
    {
        var r = ToolRunner.Run("e2fsck", "-fn", image);
        if (r.ExitCode != 0) throw new Xunit.Sdk.XunitException($"e2fsck -fn {image} is not clean: {r}");
    }
}
