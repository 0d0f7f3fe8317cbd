using IomapModel.KernelSim.Scheduling;

namespace IomapModel.Properties.KernelSim;

/// <summary>The scheduler is deterministic: a seed gives one interleaving, and its logged trace, given back as an
/// explicit schedule, replays the same run.</summary>
public sealed class SchedulerReplayTests
{
    private static IEnumerable<Step> Counter(string name, List<string> log, int n)
    {
        for (int i = 0; i < n; i++)
        {
            log.Add($"{name}{i}");
            yield return Step.Ran;
        }
    }

    private static (List<string> Log, IReadOnlyList<string> Trace) Run(int seed, IEnumerable<string>? schedule = null)
    {
        var log = new List<string>();
        var s = new Scheduler(seed, schedule);
        s.Spawn("a", Counter("a", log, 5));
        s.Spawn("b", Counter("b", log, 5));
        s.Spawn("c", Counter("c", log, 5));
        s.Run();
        return (log, s.Trace);
    }

    [Fact]
    public void A_seed_fixes_the_interleaving_and_its_trace_replays_it()
    {
        var first = Run(42);
        Assert.Equal(first.Log, Run(42).Log);
        Assert.NotEqual(first.Log, Run(43).Log);
        var replay = Run(7, first.Trace);
        Assert.Equal(first.Log, replay.Log);
        Assert.Equal(first.Trace, replay.Trace);
    }

    [Fact]
    public void A_schedule_naming_a_finished_actor_is_an_error()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Run(0, ["a", "a", "a", "a", "a", "a", "a"]));
        Assert.Contains("not running", ex.Message);
    }
}
