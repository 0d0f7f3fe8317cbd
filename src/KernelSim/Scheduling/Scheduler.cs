namespace IomapModel.KernelSim.Scheduling;

/// <summary>
/// Interleaves actors one step at a time, deterministically: either from a seed (uniform choice among the live
/// actors) or from an explicit schedule (a list of actor names; when it runs out the seeded choice continues). The
/// names actually chosen are logged in <see cref="Trace"/>, which replays the same run when given back as a schedule.
/// </summary>
public sealed class Scheduler(int seed, IEnumerable<string>? schedule = null)
{
    private readonly List<Actor> _actors = [];
    private readonly Random _rng = new(seed);
    private readonly Queue<string> _script = new(schedule ?? []);
    private readonly List<string> _trace = [];

    /// <summary>Steps after which <see cref="Run"/> gives up (a livelock in the model).</summary>
    public int MaxSteps { get; init; } = 2_000_000;

    public IReadOnlyList<string> Trace => _trace;
    public IReadOnlyList<Actor> Actors => _actors;

    public Actor Spawn(string name, IEnumerable<Step> body, bool daemon = false)
    {
        if (_actors.Any(a => a.Name == name && !a.Done))
            throw new ArgumentException($"actor {name} already running", nameof(name));
        var a = new Actor(name, body, daemon);
        _actors.Add(a);
        return a;
    }

    /// <summary>Runs until every non-daemon actor has finished and the daemons are idle.</summary>
    public void Run()
    {
        int quiet = 0;
        for (int steps = 0; steps < MaxSteps; steps++)
        {
            _actors.RemoveAll(a => a.Done);
            var live = _actors;
            if (live.Count == 0) return;
            if (live.All(a => a.Daemon))
            {
                // Drain: step the daemons in turn until a whole round is idle, so none is left holding work.
                bool idle = true;
                foreach (var d in live)
                {
                    _trace.Add(d.Name);
                    if (d.Advance() != Step.Idle) idle = false;
                }
                if (idle) return;
                continue;
            }
            if (quiet > 64 * live.Count + 1000)
                throw new InvalidOperationException("scheduler: no actor can make progress: " +
                    string.Join(", ", live.Select(a => $"{a.Name}={a.Last}")));

            Actor next;
            if (_script.Count > 0)
            {
                string name = _script.Dequeue();
                next = live.FirstOrDefault(a => a.Name == name)
                    ?? throw new InvalidOperationException($"schedule names {name}, which is not running");
            }
            else
                next = live[_rng.Next(live.Count)];
            _trace.Add(next.Name);
            var step = next.Advance();
            quiet = step == Step.Ran ? 0 : quiet + 1;
        }
        throw new InvalidOperationException($"scheduler: more than {MaxSteps} steps");
    }
}
