namespace IomapModel.KernelSim.Scheduling;

/// <summary>A schedule's <c>server KIND key=value...</c> line: which server other than the built-in reference
/// server answers the kernel (e.g. <c>server ext4 image=../images/x.img quirks=seed</c>). KernelSim cannot build it
/// (servers over images live above it), so whoever replays the schedule supplies a factory. Paths are already
/// resolved against the schedule file's directory.</summary>
/// <param name="Source">"FILE:LINE" of the line, for errors about its options.</param>
public sealed record ScheduleServerSpec(string Kind, IReadOnlyDictionary<string, string> Options, string Source)
{
    /// <summary>An option's value, or a <see cref="ScheduleScriptException"/> naming the line.</summary>
    public string Require(string key) =>
        Options.TryGetValue(key, out var v) ? v : throw new ScheduleScriptException($"{Source}: expected {key}=... on the server line");
}
