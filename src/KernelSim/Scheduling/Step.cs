namespace IomapModel.KernelSim.Scheduling;

/// <summary>What an actor did in one scheduler step.</summary>
public enum Step
{
    /// <summary>Made progress.</summary>
    Ran,
    /// <summary>Waits on a lock, on writeback or on a completion; made no progress.</summary>
    Blocked,
    /// <summary>A daemon with nothing to do.</summary>
    Idle,
}
