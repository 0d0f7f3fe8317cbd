namespace IomapModel.Support;

/// <summary>The kernel's FIEMAP for a file on a mounted filesystem, through <c>filefrag -v</c> (which asks with
/// FIEMAP_FLAG_SYNC, so delayed allocations are written first).</summary>
public static class Filefrag
{
    public static FiemapReport Of(string file)
    {
        var r = ToolRunner.Run("filefrag", "-v", file);
        if (r.ExitCode != 0) throw new InvalidOperationException($"filefrag failed: {r}");
        return FilefragParser.Parse(r.Stdout, $"filefrag -v {file}");
    }

    /// <summary>FIEMAP of many files in one filefrag run, keyed by the path given.</summary>
    public static IReadOnlyDictionary<string, FiemapReport> Of(IReadOnlyList<string> files)
    {
        if (files.Count == 0) return new Dictionary<string, FiemapReport>();
        var r = ToolRunner.Run("filefrag", ["-v", .. files]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"filefrag failed: {r}");
        var reports = FilefragParser.ParseMany(r.Stdout, "filefrag -v");
        var missing = files.Where(f => !reports.ContainsKey(f)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"filefrag printed no report for {string.Join(", ", missing)}");
        return reports;
    }
}
