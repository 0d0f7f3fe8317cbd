namespace IomapModel.Harness.Host;

/// <summary>One step of a verb's cleanup on its way out (unmount, remove a tracefs instance, delete scratch files): run
/// it whatever happened before, print what failed, and turn an exit that said success into 2, so nothing left behind
/// goes unreported and the steps after it still run.</summary>
internal static class CleanupStep
{
    /// <param name="verb">The verb, for the message (<c>iomapmodel VERB: releasing WHAT: ...</c>).</param>
    /// <param name="successes">The exit codes a failed release turns into 2.</param>
    public static void Run(TextWriter error, string verb, string what, Action release, ref int exit, params int[] successes)
    {
        try
        {
            release();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or TimeoutException)
        {
            error.WriteLine($"iomapmodel {verb}: releasing {what}: {e.Message}");
            if (successes.Contains(exit)) exit = 2;
        }
    }
}
