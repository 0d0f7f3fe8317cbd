namespace IomapModel.Conformance.Support;

/// <summary>Runs the <c>iomapmodel</c> entry point (Program.cs, all its verbs) inside the test process with stdout and
/// stderr captured: the same code as the command, without a process start per file. Serialised because the console is
/// process-wide. <see cref="IomapModel.Properties.Support.CliRunner"/> runs the real process.</summary>
public static class InProcessCli
{
    private static readonly Lock Gate = new();

    public static (int ExitCode, string Stdout, string Stderr) Run(params string[] args)
    {
        lock (Gate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Console.SetOut(stdout);
            Console.SetError(stderr);
            try
            {
                var entry = typeof(IomapModel.Cli.MapVerb).Assembly.EntryPoint
                    ?? throw new InvalidOperationException("the iomapmodel assembly has no entry point");
                var code = entry.Invoke(null, [args]);
                return (code is int c ? c : 0, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }
        }
    }

    /// <summary>The non-empty lines of a command's stdout.</summary>
    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
