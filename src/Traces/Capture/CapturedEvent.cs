namespace IomapModel.Traces.Capture;

/// <summary>One parsed line of a capture: where it stands, the task that fired it, the event and its fields by their
/// <c>__entry</c> names (signed fields as their two's complement).</summary>
public sealed record CapturedEvent(int Line, string Task, int Pid, string Name, IReadOnlyDictionary<string, ulong> Fields)
{
    public ulong this[string field] => Fields[field];
    public ulong NodeId => Fields["nodeid"];
    public ulong Ino => Fields["ino"];
}
