using IomapModel.KernelSim.Scheduling;

namespace IomapModel.KernelSim.Kernel;

public sealed partial class SimKernel
{
    /// <summary>Runs one operation to completion on its own, with the ioend worker alongside.</summary>
    public OpResult Run(Func<OpResult, IEnumerable<Step>> op)
    {
        var res = new OpResult();
        var sched = new Scheduler(0);
        sched.Spawn("ioend", IoendWorker(), daemon: true);
        sched.Spawn("op", op(res));
        sched.Run();
        res.Done = true;
        return res;
    }

    /// <summary>Runs a step body that has no result (writeback, eviction) to completion.</summary>
    public void Run(IEnumerable<Step> body) => Run(_ => body);
}
