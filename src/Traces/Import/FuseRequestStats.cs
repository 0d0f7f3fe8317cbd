using System.Globalization;

namespace IomapModel.Traces.Import;

/// <summary>The FUSE requests a capture measured, per opcode name (<c>FUSE_WRITE</c>): how many, and the median time from
/// <c>fuse_request_send</c> to <c>fuse_request_end</c> (µs). Requests sent but never answered in the capture are
/// counted apart.</summary>
public sealed class FuseRequestStats
{
    private readonly SortedDictionary<string, List<double>> _latencies = new(StringComparer.Ordinal);

    public int Unanswered { get; internal set; }

    internal void Add(string opcode, double micros)
    {
        if (!_latencies.TryGetValue(opcode, out var list)) _latencies[opcode] = list = [];
        list.Add(micros);
    }

    public int Total => _latencies.Values.Sum(l => l.Count);

    /// <summary>Per opcode (sorted by name): count and median µs.</summary>
    public IEnumerable<(string Opcode, int Count, double MedianMicros)> PerOpcode =>
        _latencies.Select(kv => (kv.Key, kv.Value.Count, Median(kv.Value)));

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public override string ToString() => string.Join(", ", PerOpcode.Select(p =>
        $"{p.Opcode} {p.Count} median {p.MedianMicros.ToString("0.#", CultureInfo.InvariantCulture)} us"));
}
