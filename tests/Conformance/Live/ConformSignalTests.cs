using System.Diagnostics;
using System.Text;
using IomapModel.Conformance.Support;

namespace IomapModel.Conformance.Live;

/// <summary>
/// <c>iomapmodel conform</c>'s promises when a run is cut short, with the real command as a child process on a script
/// long enough to be stopped in the middle: the fuse2fs daemon killed with SIGKILL gives an error naming the daemon's
/// death and exit status 2; SIGINT or SIGTERM sent to the command stops it between operations with exit status 130.
/// Every way, nothing is left behind: no mount, no loop device, no directory under the command's own TMPDIR, no change
/// to the tracing state.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class ConformSignalTests
{
    private const int SigInt = InterruptedCommand.SigInt, SigKill = InterruptedCommand.SigKill, SigTerm = InterruptedCommand.SigTerm;

    [LiveFact(Needs.Fuse2fs)]
    public void The_daemon_killed_mid_run_is_named_and_the_run_exits_2_leaving_nothing()
    {
        var (code, stderr) = Interrupt((child, tmp) => InterruptedCommand.Kill(InterruptedCommand.Fuse2fsDaemon(tmp), SigKill));
        Assert.True(code == 2, $"exit {code}: {stderr}");
        Assert.Matches(@"the fuse2fs daemon \(pid \d+\) serving .* was killed by signal 9 \(SIGKILL\) while mounted", stderr);
    }

    [LiveTheory(Needs.Fuse2fs)]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public void A_signal_to_the_command_stops_it_between_operations_with_exit_130_leaving_nothing(int signal)
    {
        var (code, stderr) = Interrupt((child, _) => InterruptedCommand.Kill(child.Id, signal));
        Assert.True(code == 130, $"exit {code}: {stderr}");
        Assert.Contains("iomapmodel conform: interrupted; unmounting and removing the temporary files", stderr);
    }

    /// <summary>Starts a long conform run with its own TMPDIR, calls <paramref name="stop"/> once a few steps ran, and
    /// checks after it exited that nothing is left; returns its exit status and stderr.</summary>
    private static (int Code, string Stderr) Interrupt(Action<Process, string> stop)
    {
        ConformanceEnvironment.Require(Needs.Fuse2fs);
        var tmp = Directory.CreateTempSubdirectory("iomapmodel-signal-").FullName;
        try
        {
            var script = Path.Combine(tmp, "long.conform");
            File.WriteAllText(script, LongScript());
            int steps = 0;
            var (code, _, stderr) = InterruptedCommand.Run(tmp, ["conform", script],
                line => line.StartsWith("step ", StringComparison.Ordinal) && ++steps == 5, onStderr: false, child => stop(child, tmp));
            return (code, stderr);
        }
        finally
        {
            LeftoverCleaner.Release(tmp);
            Directory.Delete(tmp, recursive: true);
        }
    }

    /// <summary>Enough one-block writes that a run lasts well past its fifth step.</summary>
    private static string LongScript()
    {
        var s = new StringBuilder("conform-script v1\nmkfs mkfs.ext4 -b 4096 size=16777216\n");
        for (int i = 0; i < 4000; i++) s.Append($"write /a {i % 64 * 4096} 4096 0x{i % 255 + 1:x2}\n");
        return s.ToString();
    }
}
