using System.Globalization;
using System.Text.RegularExpressions;

namespace IomapModel.Traces.Tracefs;

/// <summary>What a line of a stock-kernel capture is: a system call's entry or exit, or any other event.</summary>
internal enum KernelEventKind
{
    SyscallEnter,
    SyscallExit,
    Event,
}

/// <summary>
/// One event line of a stock-kernel capture in any of its three text forms (docs/workloads.md): the <c>trace</c> file
/// and <c>trace_pipe</c> (<c>TASK-PID [CPU] FLAGS TIMESTAMP: EVENT: BODY</c>, an optional <c>(TGID)</c> after the pid,
/// system calls as <c>sys_NAME(arg: v, ...)</c> and <c>sys_NAME -&gt; 0xRET</c>), and <c>trace-cmd report</c> (an
/// optional <c>BUFFER:</c> prefix, no flags column, system calls as <c>sys_enter_NAME: arg: v, ...</c> and
/// <c>sys_exit_NAME: 0xRET</c>). <see cref="Name"/> is the system call's name without <c>sys_</c> for the first two
/// kinds, the event's name otherwise; <see cref="Process"/> is the thread group when the line shows it, else the pid.
/// </summary>
internal readonly record struct KernelEvent(int Line, string Task, int Pid, int Process, long TimestampNs, KernelEventKind Kind, string Name, string Body)
{
    public bool IsKernelThread => Task.StartsWith("kworker/", StringComparison.Ordinal) || Task.StartsWith("jbd2/", StringComparison.Ordinal);
}

internal static partial class KernelTraceText
{
    [GeneratedRegex(@"^(?:[^\s:]+:\s+)?\s*(?<task>.+?)-(?<pid>\d+)\s+(?:\(\s*(?<tgid>[\d-]+)\)\s+)?\[(?<cpu>\d+)\]\s+(?:[^\s\[\]]{4,5}\s+)?(?<s>\d+)\.(?<f>\d+):\s+(?<rest>.*)$")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"^sys_(?<name>\w+)\((?<args>.*)\)\s*$")]
    private static partial Regex EnterText();

    [GeneratedRegex(@"^sys_(?<name>\w+) -> (?<ret>\S+)\s*$")]
    private static partial Regex ExitText();

    [GeneratedRegex(@"^(?<name>[\w.]+):\s?(?<body>.*)$")]
    private static partial Regex Named();

    [GeneratedRegex(@"^\s*CPU:\s*(?<cpu>\d+)\s+\[LOST (?<n>\d+) EVENTS\]\s*$")]
    private static partial Regex Lost();

    /// <summary>The event on <paramref name="line"/>, or null when it is no event line.</summary>
    public static KernelEvent? Split(int number, string line)
    {
        var m = Prefix().Match(line);
        if (!m.Success) return null;
        if (!int.TryParse(m.Groups["pid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        int process = m.Groups["tgid"].Success && int.TryParse(m.Groups["tgid"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var tgid) && tgid > 0 ? tgid : pid;
        if (!long.TryParse(m.Groups["s"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 9_000_000_000L) return null;
        var frac = m.Groups["f"].Value;
        frac = frac.Length >= 9 ? frac[..9] : frac.PadRight(9, '0');
        long ns = seconds * 1_000_000_000L + long.Parse(frac, CultureInfo.InvariantCulture);
        var task = m.Groups["task"].Value.Trim();
        var rest = m.Groups["rest"].Value;
        if (EnterText().Match(rest) is { Success: true } e)
            return new(number, task, pid, process, ns, KernelEventKind.SyscallEnter, e.Groups["name"].Value, e.Groups["args"].Value);
        if (ExitText().Match(rest) is { Success: true } x)
            return new(number, task, pid, process, ns, KernelEventKind.SyscallExit, x.Groups["name"].Value, x.Groups["ret"].Value);
        if (Named().Match(rest) is not { Success: true } n) return null;
        var name = n.Groups["name"].Value;
        var body = n.Groups["body"].Value;
        if (name.StartsWith("sys_enter_", StringComparison.Ordinal))
            return new(number, task, pid, process, ns, KernelEventKind.SyscallEnter, name["sys_enter_".Length..], body.Trim());
        if (name.StartsWith("sys_exit_", StringComparison.Ordinal))
            return new(number, task, pid, process, ns, KernelEventKind.SyscallExit, name["sys_exit_".Length..], body.Trim());
        return new(number, task, pid, process, ns, KernelEventKind.Event, name, body.TrimStart());
    }

    /// <summary><c>CPU:N [LOST M EVENTS]</c>: the ring buffer overran; the count lost, or null for another line.</summary>
    public static long? LostEvents(string line) =>
        Lost().Match(line) is { Success: true } m && long.TryParse(m.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}
