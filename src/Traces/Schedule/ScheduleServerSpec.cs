using IomapModel.KernelSim;
using IomapModel.Servers;

namespace IomapModel.Traces.Schedule;

/// <summary>A schedule's <c>server KIND key=value...</c> line: which server other than the built-in reference
/// server answers the kernel (e.g. <c>server ext4 image=../images/x.img quirks=seed</c>). Paths are already resolved
/// against the schedule file's directory.</summary>
/// <param name="Source">"FILE:LINE" of the line, for errors about its options.</param>
public sealed record ScheduleServerSpec(string Kind, IReadOnlyDictionary<string, string> Options, string Source)
{
    /// <summary>The server the line names (<see cref="ServerCatalog"/>); what the catalog could not build is a
    /// <see cref="ScheduleScriptException"/> naming the line.</summary>
    public static IFuseIomapServer Build(ScheduleServerSpec spec)
    {
        try
        {
            return ServerCatalog.Create(spec.Kind, spec.Options);
        }
        catch (ServerSetupException e)
        {
            throw new ScheduleScriptException($"{spec.Source}: expected {e.Message}");
        }
    }
}
