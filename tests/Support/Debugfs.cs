namespace IomapModel.Support;

/// <summary>Runs e2fsprogs' <c>debugfs</c> on an unmounted image, read-only unless asked to write (<c>-w</c>).
/// Many requests go in one run (<c>-f</c>: debugfs echoes each as "debugfs: REQUEST" before its output, which is how
/// the outputs are told apart). debugfs exits 0 even when a request fails and reports the failure on stderr, so any
/// stderr line other than its version banner is an error.</summary>
public static class Debugfs
{
    public static string Run(string image, string request, bool write = false) => Batch(image, [request], write)[request];

    /// <summary>Runs every request in one debugfs process; returns each request's output.</summary>
    public static IReadOnlyDictionary<string, string> Batch(string image, IReadOnlyList<string> requests, bool write = false)
    {
        var script = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(script, requests);
            string[] args = write ? ["-w", "-f", script, image] : ["-f", script, image];
            var r = ToolRunner.Run("debugfs", args);
            var errors = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => !l.StartsWith("debugfs ", StringComparison.Ordinal)).ToList();
            if (r.ExitCode != 0 || errors.Count > 0)
                throw new InvalidOperationException($"debugfs on {image} failed ({string.Join(" | ", errors)}) for requests: {string.Join("; ", requests.Take(20))}");
            var outputs = new Dictionary<string, System.Text.StringBuilder>();
            System.Text.StringBuilder? current = null;
            foreach (var line in r.Stdout.Split('\n'))
            {
                if (line.StartsWith("debugfs: ", StringComparison.Ordinal) && requests.Contains(line[9..].TrimEnd()))
                {
                    current = new System.Text.StringBuilder();
                    outputs[line[9..].TrimEnd()] = current;
                }
                else current?.AppendLine(line);
            }
            var missing = requests.Where(q => !outputs.ContainsKey(q)).ToList();
            if (missing.Count > 0) throw new InvalidOperationException($"debugfs printed nothing for: {string.Join("; ", missing)}");
            return outputs.ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary><c>dump_extents PATH</c>, parsed.</summary>
    public static DebugfsExtentTree DumpExtents(string image, string path) =>
        DumpExtentsParser.Parse(Run(image, $"dump_extents {path}"), $"debugfs dump_extents {path}");

    /// <summary>For each path: <c>dump_extents</c> (extent files only), the block list of <c>stat</c>, and
    /// <c>blocks</c>, parsed. One debugfs run for all of them.</summary>
    public static IReadOnlyDictionary<string, DebugfsFileReport> Describe(string image, IReadOnlyList<(string Path, bool Extents)> files)
    {
        var requests = new List<string>();
        foreach (var (path, extents) in files)
        {
            if (extents) requests.Add($"dump_extents {path}");
            requests.Add($"stat {path}");
            requests.Add($"blocks {path}");
        }
        var outputs = Batch(image, requests);
        var result = new Dictionary<string, DebugfsFileReport>();
        foreach (var (path, extents) in files)
        {
            var tree = extents ? DumpExtentsParser.Parse(outputs[$"dump_extents {path}"], $"debugfs dump_extents {path}") : null;
            var stat = StatBlocksParser.Parse(outputs[$"stat {path}"], $"debugfs stat {path}");
            var blocks = BlocksParser.Parse(outputs[$"blocks {path}"], $"debugfs blocks {path}");
            result[path] = new DebugfsFileReport(tree, stat, blocks);
        }
        return result;
    }
}
