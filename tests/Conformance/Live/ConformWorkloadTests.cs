using IomapModel.Conformance.Support;
using IomapModel.Traces.Import;

namespace IomapModel.Conformance.Live;

/// <summary><c>iomapmodel conform</c> on a workload instead of a conform script: the head of the shipped fsx log runs
/// on a live fuse2fs mount and in the model, one compared step per operation the importer made of it, an operation
/// the model cannot do (an mmap read) said as such, and the run ends with its summary, not a bad-input error.</summary>
[Collection(LiveCollection.Name)]
public sealed class ConformWorkloadTests
{
    [LiveFact(Needs.Fuse2fs)]
    public void An_fsx_log_is_compared_step_by_step_with_the_live_daemon()
    {
        ConformanceEnvironment.Require(Needs.Fuse2fs);
        var log = File.ReadAllLines(RepoPaths.Of("traces", "workloads", "fsx-ext4.fsxops"));
        var head = log.Where(l => l.StartsWith('#')).Concat(log.Where(l => !l.StartsWith('#')).Take(40)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"head-{Guid.NewGuid():N}.fsxops");
        File.WriteAllLines(path, head);
        try
        {
            var steps = WorkloadImporter.Import(path)!.Steps;
            var (code, stdout, stderr) = CliRunner.Run("conform", path);
            Assert.True(code is 0 or 1, $"exit {code}: {stderr}");
            var lines = CliRunner.Lines(stdout);
            Assert.Equal(steps.Count, lines.Count(l => l.StartsWith("step ", StringComparison.Ordinal)));
            Assert.StartsWith("step 1 open /fsx.dat rw|creat|trunc: ", lines.First(l => l.StartsWith("step ", StringComparison.Ordinal)));
            Assert.Contains(lines, l => l.Contains(" mmap: live 0, model cannot (the simulated kernel has no page-fault read path", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith($"summary: {steps.Count} steps", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
