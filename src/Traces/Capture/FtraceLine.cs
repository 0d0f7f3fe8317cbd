using System.Globalization;
using System.Text.RegularExpressions;

namespace IomapModel.Traces.Capture;

/// <summary>
/// The line prefix tracefs puts before every event in <c>trace</c> and <c>trace_pipe</c>:
/// <c>TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: </c>, with an optional <c>(TGID)</c> after the pid (option
/// <c>record-tgid</c>) and the irq-info flags optional (option <c>noirq-info</c>). Task names may hold spaces and
/// dashes; the pid is the last <c>-DIGITS</c> before the CPU.
/// </summary>
public static partial class FtraceLine
{
    [GeneratedRegex(@"^\s*(?<task>.*?)-(?<pid>\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(?<cpu>\d+)\]\s+(?:[^\s\[\]]{4,5}\s+)?(?<ts>\d+(?:\.\d+)?):\s+(?<event>\w+):\s?(?<body>.*)$")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^\s*CPU:\s*\d+\s+\[LOST \d+ EVENTS\]\s*$")]
    private static partial Regex Lost();

    /// <summary>The prefix's parts and the event's own text, or null when <paramref name="line"/> is no event line.</summary>
    public static (string Task, int Pid, int Cpu, string Timestamp, string Event, string Body)? Split(string line)
    {
        var m = Prefix().Match(line);
        if (!m.Success)
            return null;
        return (m.Groups["task"].Value, int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups["cpu"].Value, CultureInfo.InvariantCulture), m.Groups["ts"].Value,
            m.Groups["event"].Value, m.Groups["body"].Value);
    }

    /// <summary><c>CPU:N [LOST M EVENTS]</c>: the ring buffer overran and the capture has a gap.</summary>
    public static bool IsLostEvents(string line) => Lost().IsMatch(line);

    /// <summary>The prefix as the <c>trace</c> file prints it (default options: irq-info flags, microseconds).</summary>
    public static string Format(string task, int pid, int cpu, ulong microseconds, string eventName) =>
        $"{task,16}-{pid,-7} [{cpu:000}] ..... {microseconds / 1_000_000,5}.{microseconds % 1_000_000:000000}: {eventName}: ";
}
