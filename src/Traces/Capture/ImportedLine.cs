using IomapModel.Traces.Cache;

namespace IomapModel.Traces.Capture;

/// <summary>One line of an imported trace: the event to replay (null for a captured event that another one already
/// accounts for) and a comment pointing back to the capture.</summary>
public sealed record ImportedLine(CacheTraceEvent? Event, string Comment);
