namespace IomapModel.Harness.Host;

/// <summary>The unmount step both mount kinds share: try the polite unmount a few times (a reader may still be
/// closing), then unmount lazily so nothing stays mounted, and say what had to be forced.</summary>
internal static class MountRelease
{
    /// <returns>The problems to report (empty when the polite unmount worked).</returns>
    public static List<string> Unmount(string dir, Func<ToolResult> unmount, Action lazyUnmount)
    {
        var problems = new List<string>();
        ToolResult? last = null;
        for (int attempt = 0; attempt < 5 && MountTable.At(dir) is not null; attempt++)
        {
            last = unmount();
            if (last.ExitCode != 0) Thread.Sleep(200);   // busy: retry shortly; not a timing assertion
        }
        if (MountTable.At(dir) is not null)
        {
            lazyUnmount();
            problems.Add($"{dir} was busy and had to be lazily unmounted ({last?.Stderr.Trim()})");
        }
        if (MountTable.At(dir) is not null) problems.Add($"{dir} is still mounted");
        return problems;
    }
}
