namespace IomapModel.KernelSim.Scheduling;

/// <summary>A step-wise actor: a writer, a writeback pass, the ioend worker, a truncate, a server notifier, an evictor.
/// Its body yields at every point where the kernel could be preempted or wait.</summary>
public sealed class Actor(string name, IEnumerable<Step> body, bool daemon)
{
    private readonly IEnumerator<Step> _body = body.GetEnumerator();

    public string Name { get; } = name;

    /// <summary>Daemons (the ioend worker, a background flusher) never finish; the run ends when only idle daemons remain.</summary>
    public bool Daemon { get; } = daemon;
    public bool Done { get; private set; }
    public Step Last { get; private set; } = Step.Ran;

    internal Step Advance()
    {
        if (Done) return Step.Idle;
        if (!_body.MoveNext())
        {
            Done = true;
            return Last = Step.Ran;
        }
        return Last = _body.Current;
    }
}
