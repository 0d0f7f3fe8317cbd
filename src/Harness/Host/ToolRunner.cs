using System.Diagnostics;

namespace IomapModel.Harness.Host;

/// <summary>What a finished external command printed and returned.</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"`{CommandLine}` exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the real system tools (mount, losetup, debugfs, filefrag, e2fsck, ...) as child processes, with a
/// generous deadline so a wedged tool fails the test instead of hanging it.</summary>
internal static class ToolRunner
{
    private static readonly string[] SearchDirs = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of a tool, or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        foreach (var dir in SearchDirs)
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    public static ToolResult Run(string tool, params string[] args) => Run(tool, TimeSpan.FromSeconds(60), args);

    public static ToolResult Run(string tool, TimeSpan deadline, params string[] args) => Run(tool, deadline, null, args);

    /// <param name="environment">Variables added to the tool's environment (e.g. E2FSPROGS_FAKE_TIME), or null.</param>
    public static ToolResult Run(string tool, TimeSpan deadline, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var path = Find(tool) ?? throw new InvalidOperationException($"{tool} is missing: install it (./test.sh installs fuse2fs, fuse3 and e2fsprogs)");
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var line = string.Join(' ', [tool, .. args]);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {line}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(deadline))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new TimeoutException($"`{line}` did not finish in {deadline.TotalSeconds} s");
        }
        return new ToolResult(line, p.ExitCode, stdout.Result, stderr.Result);
    }
}
