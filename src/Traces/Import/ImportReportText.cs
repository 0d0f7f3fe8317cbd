using System.Globalization;

namespace IomapModel.Traces.Import;

/// <summary>Prints an <see cref="ImportedWorkload"/>'s report: a headline, one block per file (operations by kind,
/// sizes, gaps filled, what could not be reconstructed), then what was skipped, dropped, measured and noted.</summary>
public static class ImportReportText
{
    public static void Write(TextWriter w, ImportedWorkload workload)
    {
        var r = workload.Report;
        w.WriteLine($"{workload.File}: {workload.FormatName}, {workload.Steps.Count} operation{S(workload.Steps.Count)} on {r.Files.Count} file{S(r.Files.Count)}");
        foreach (var note in r.Notes) w.WriteLine($"  note: {note}");
        foreach (var f in r.Files)
        {
            int ops = f.Reconstructed.Values.Sum();
            w.WriteLine($"  file {f.Path}{(f.Ino is ulong ino ? $" (ino {ino})" : "")}: {ops} operation{S(ops)}: {Counts(f.Reconstructed)}");
            if (f.HeaderSize is not null || f.FinalSize is not null)
                w.WriteLine($"    size at the end: reconstructed {Size(f.FinalSize)}, header {Size(f.HeaderSize)}{(f.HeaderSize is not null && f.FinalSize is not null ? f.HeaderSize == f.FinalSize ? " (same)" : " (DIFFERENT)" : "")}");
            if (f.Filled.Count > 0) w.WriteLine($"    gaps filled: {Counts(f.Filled)}");
            if (f.NotReconstructed.Count > 0) w.WriteLine($"    not reconstructed: {Counts(f.NotReconstructed)}");
        }
        if (r.Skipped.Count > 0) w.WriteLine($"  skipped by the source (not run there, not replayed): {Counts(r.Skipped)}");
        if (r.Dropped.Count > 0) w.WriteLine($"  dropped (no file of the workload): {Counts(r.Dropped)}");
        if (workload.Measured is { Total: > 0 } m)
            w.WriteLine($"  measured FUSE requests (fuse_request_send -> _end): {m}{(m.Unanswered > 0 ? $"; {m.Unanswered} unanswered" : "")}");
        if (r.Events.Count > 0) w.WriteLine($"  events: {r.Events.Values.Sum()} lines: {Counts(r.Events)}");
    }

    private static string Counts(SortedDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"));

    private static string Size(long? size) => size?.ToString(CultureInfo.InvariantCulture) ?? "unknown";

    private static string S(int n) => n == 1 ? "" : "s";
}
