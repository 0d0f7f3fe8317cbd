using System.Globalization;
using System.Text.RegularExpressions;
using IomapModel.Traces.Capture;

namespace IomapModel.Support;

/// <summary>One FUSE request from its <c>fuse_request_send</c> to its <c>fuse_request_end</c>.</summary>
public sealed record FuseRoundTrip(uint Connection, ulong Unique, string Opcode, double SendSeconds, double EndSeconds, int Error)
{
    public double Microseconds => (EndSeconds - SendSeconds) * 1e6;
}

/// <summary>
/// Parses tracefs text lines of the fuse request events (kernel 6.16+ format):
/// <code>
///  fuse2fs-812 [001] ..... 4711.000100: fuse_request_send: connection 45 req 6 opcode 15 (FUSE_READ) len 80
///  fuse2fs-812 [001] ..... 4711.000150: fuse_request_end: connection 45 req 6 len 80 error 0
/// </code>
/// and pairs them by (connection, req). The line prefix is <see cref="FtraceLine"/>'s; other events and comment lines
/// are ignored; a send without an end, an end without a send, or a request id sent twice is reported in
/// <see cref="Unpaired"/>.
/// </summary>
public sealed partial class FuseRequestTrace
{
    [GeneratedRegex(@"^connection (\d+) req (\d+) opcode \d+ \((\w+)\) len \d+")]
    private static partial Regex Send();

    [GeneratedRegex(@"^connection (\d+) req (\d+) len \d+ error (-?\d+)")]
    private static partial Regex End();

    public List<FuseRoundTrip> RoundTrips { get; } = [];

    public List<string> Unpaired { get; } = [];

    public static FuseRequestTrace Parse(string text)
    {
        var trace = new FuseRequestTrace();
        var open = new Dictionary<(uint, ulong), (string Op, double At)>();
        foreach (var line in text.Split('\n'))
        {
            if (FtraceLine.Split(line) is not { } ev) continue;
            double at = double.Parse(ev.Timestamp, CultureInfo.InvariantCulture);
            if (ev.Event == "fuse_request_send" && Send().Match(ev.Body) is { Success: true } s)
            {
                var key = (uint.Parse(s.Groups[1].Value), ulong.Parse(s.Groups[2].Value));
                if (!open.TryAdd(key, (s.Groups[3].Value, at)))
                    trace.Unpaired.Add($"req {key.Item2} on connection {key.Item1} sent twice");
            }
            else if (ev.Event == "fuse_request_end" && End().Match(ev.Body) is { Success: true } e)
            {
                var key = (uint.Parse(e.Groups[1].Value), ulong.Parse(e.Groups[2].Value));
                if (open.Remove(key, out var sent))
                    trace.RoundTrips.Add(new FuseRoundTrip(key.Item1, key.Item2, sent.Op, sent.At, at, int.Parse(e.Groups[3].Value)));
                else trace.Unpaired.Add($"req {key.Item2} on connection {key.Item1} ended without a send");
            }
        }
        trace.Unpaired.AddRange(open.Select(kv => $"req {kv.Key.Item2} ({kv.Value.Op}) on connection {kv.Key.Item1} never ended"));
        return trace;
    }
}
