namespace IomapModel.KernelSim.Scheduling;

/// <summary>A reader/writer semaphore (i_rwsem, invalidate_lock) for step-wise actors: try, or yield Blocked and retry.</summary>
public sealed class SimRwLock(string name)
{
    public string Name { get; } = name;
    public int Readers { get; private set; }
    public bool Writer { get; private set; }

    public bool TryRead()
    {
        if (Writer) return false;
        Readers++;
        return true;
    }

    public bool TryWrite()
    {
        if (Writer || Readers > 0) return false;
        Writer = true;
        return true;
    }

    public void ReleaseRead() => Readers--;
    public void ReleaseWrite() => Writer = false;
}
