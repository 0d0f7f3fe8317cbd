
namespace IomapModel.Properties.KernelSim;

/// <summary><c>iomapmodel replay</c> on ksim-schedule files, run as a real process.</summary>
public sealed class ScheduleReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("iomapmodel-ksched-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Edited(string name, Func<string, string> edit)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllLines(path, File.ReadAllLines(KsimTraceReplay.PathOf(name)).Select(edit));
        return path;
    }

    [Fact]
    public void The_worked_example_replays_with_its_expectations_met()
    {
        var (code, stdout, stderr) = CliRunner.Run("replay", KsimTraceReplay.PathOf("stale-writeback-cookie.ksched"));
        Assert.True(code == 0, stderr + stdout);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("steps wb srv wb wb wb", lines.Single(l => l.StartsWith("steps ", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("counters ", StringComparison.Ordinal) && l.Contains("stale_wb=1"));
        Assert.Contains("outcome moved_writes=0", stdout);
        Assert.DoesNotContain("expectation failed", stdout);
    }

    [Fact]
    public void A_failed_expectation_is_printed_and_exits_1()
    {
        var path = Edited("stale-writeback-cookie.ksched", KsimTraceReplay.SetFs("revalidate", "off"));
        var (code, stdout, _) = CliRunner.Run("replay", path);
        Assert.Equal(1, code);
        Assert.Contains("expectation failed:", stdout);
        Assert.Contains("data=lost", stdout);
    }

    [Fact]
    public void A_malformed_schedule_names_file_and_line_and_exits_2()
    {
        var path = Edited("stale-writeback-cookie.ksched", l => l.StartsWith("actor srv", StringComparison.Ordinal) ? "actor srv remap f one 3" : l);
        var (code, stdout, stderr) = CliRunner.Run("replay", path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{path}:", stderr);
        Assert.Contains("expected", stderr);
    }
}
