using System.Diagnostics;
using System.Reflection;

namespace IomapModel.Support;

/// <summary>Runs the real <c>iomapmodel</c> command (src/Cli's build output, <c>dotnet iomapmodel.dll</c>) in a child
/// process, the way a user does: the tests never reference the executable's assembly.</summary>
public static class CliRunner
{
    /// <summary>The built <c>iomapmodel.dll</c> (recorded by Support.csproj at build time).</summary>
    public static string Executable { get; } = typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "IomapmodelDll").Value!;

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill(true);
            throw new TimeoutException($"iomapmodel {string.Join(' ', args)} did not finish in 300 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts <c>iomapmodel ARGS</c> with stdout and stderr redirected (the caller reads and waits).</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <param name="environment">Variables set for the command (e.g. its own TMPDIR), or null.</param>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        if (!File.Exists(Executable)) throw new FileNotFoundException($"iomapmodel is not built: {Executable} is missing");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        psi.ArgumentList.Add(Executable);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        p.StandardInput.Close();
        return p;
    }

    /// <summary>The non-empty lines of a command's stdout.</summary>
    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
