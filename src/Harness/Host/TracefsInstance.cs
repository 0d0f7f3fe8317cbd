using System.Globalization;
using System.Text.RegularExpressions;

namespace IomapModel.Harness.Host;

/// <summary>
/// A private tracefs instance (<c>/sys/kernel/tracing/instances/NAME</c>): its own ring buffer, events, filters and pid
/// lists, so a capture never touches the top-level buffer other sessions use. Dispose stops it, disables every event it
/// enabled, clears its filters and pid lists and removes the directory, and throws naming whatever could not be undone
/// (after trying the rest).
/// </summary>
internal sealed partial class TracefsInstance : IDisposable
{
    private readonly List<string> _enabled = [];
    private bool _disposed;

    public TracefsInstance(string name)
    {
        Name = name;
        Directory = Path.Combine(Tracefs.Root, "instances", name);
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Name { get; }
    public string Directory { get; }

    /// <summary>Every event it enabled, as <c>SYSTEM/EVENT</c>.</summary>
    public IReadOnlyList<string> Enabled => _enabled;

    public void Write(string file, string value)
    {
        try
        {
            File.WriteAllText(Path.Combine(Directory, file), value);
        }
        catch (IOException e)
        {
            throw new IOException($"tracefs: writing '{value}' to {Path.Combine(Directory, file)} failed: {e.Message}", e);
        }
    }

    public string Read(string file) => File.ReadAllText(Path.Combine(Directory, file));

    /// <summary>Whether this kernel has the event.</summary>
    public bool Has(string ev) => File.Exists(Path.Combine(Directory, "events", ev, "enable"));

    /// <summary>The names of the event's fields (from its <c>format</c> file).</summary>
    public IReadOnlySet<string> Fields(string ev) =>
        Field().Matches(File.ReadAllText(Path.Combine(Directory, "events", ev, "format"))).Select(m => m.Groups[1].Value).ToHashSet();

    [GeneratedRegex(@"field:[^;]*?\b(\w+)(?:\[\d*\])?;")]
    private static partial Regex Field();

    /// <summary>Sets the event's filter (when given) and enables it; false when this kernel lacks the event.</summary>
    public bool Enable(string ev, string? filter)
    {
        if (!Has(ev)) return false;
        if (filter is not null) Write($"events/{ev}/filter", filter);
        _enabled.Add(ev);
        Write($"events/{ev}/enable", "1");
        return true;
    }

    public string ReadTrace() => Read("trace");

    /// <summary>Events the ring buffer overwrote (the sum of every CPU's <c>overrun</c>).</summary>
    public long Overruns()
    {
        long sum = 0;
        foreach (var stats in System.IO.Directory.GetDirectories(Path.Combine(Directory, "per_cpu"), "cpu*").Select(d => Path.Combine(d, "stats")).Where(File.Exists))
            foreach (var line in File.ReadLines(stats).Where(l => l.StartsWith("overrun:", StringComparison.Ordinal)))
                sum += long.Parse(line["overrun:".Length..].Trim(), CultureInfo.InvariantCulture);
        return sum;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        var problems = new List<string>();
        void Try(Action undo)
        {
            try { undo(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { problems.Add(e.Message); }
        }
        if (!System.IO.Directory.Exists(Directory)) return;
        Try(() => Write("tracing_on", "0"));
        foreach (var ev in _enabled)
        {
            Try(() => Write($"events/{ev}/enable", "0"));
            Try(() => Write($"events/{ev}/filter", "0"));
        }
        Try(() => Write("set_event_pid", ""));
        Try(() => Write("set_event_notrace_pid", ""));
        for (int attempt = 0; attempt < 20 && System.IO.Directory.Exists(Directory); attempt++)
        {
            try { System.IO.Directory.Delete(Directory); }
            catch (IOException) when (attempt < 19) { Thread.Sleep(50); }   // a reader closing: retry shortly; not a timing assertion
            catch (IOException e) { problems.Add($"rmdir {Directory}: {e.Message}"); }
        }
        if (problems.Count > 0) throw new InvalidOperationException("tracing state not restored: " + string.Join("; ", problems));
    }
}

/// <summary>Tracefs itself: mounted at <see cref="Root"/> (mounted here when it was not, and unmounted again by
/// <see cref="Release"/>), and the machine-wide uprobe list.</summary>
internal sealed class Tracefs : IDisposable
{
    public const string Root = ConformanceEnvironment.TracefsDir;

    private readonly bool _mountedHere;

    private Tracefs(bool mountedHere) => _mountedHere = mountedHere;

    /// <summary>Makes sure tracefs is mounted; throws naming why it cannot be.</summary>
    public static Tracefs Open()
    {
        if (File.Exists(Path.Combine(Root, "tracing_on"))) return new Tracefs(false);
        var r = ToolRunner.Run("mount", "-t", "tracefs", "nodev", Root);
        if (r.ExitCode != 0 || !File.Exists(Path.Combine(Root, "tracing_on")))
            throw new InvalidOperationException($"tracefs could not be mounted on {Root}: {r.Stderr.Trim()}");
        return new Tracefs(true);
    }

    /// <summary>Adds a uprobe definition (<c>p:GROUP/EVENT PATH:OFFSET ARGS</c>) to <c>uprobe_events</c>.</summary>
    public static void AddUprobe(string definition) => Append($"{definition}\n");

    /// <summary>Removes the uprobe <c>GROUP/EVENT</c> (it must be disabled everywhere).</summary>
    public static void RemoveUprobe(string groupEvent) => Append($"-:{groupEvent}\n");

    private static void Append(string line)
    {
        try
        {
            using var f = new FileStream(Path.Combine(Root, "uprobe_events"), FileMode.Append, FileAccess.Write);
            f.Write(System.Text.Encoding.ASCII.GetBytes(line));
        }
        catch (IOException e)
        {
            throw new IOException($"tracefs: writing '{line.Trim()}' to {Path.Combine(Root, "uprobe_events")} failed: {e.Message}", e);
        }
    }

    /// <summary>Unmounts tracefs if it was mounted here (and nothing else is using it: then it stays).</summary>
    public void Dispose()
    {
        if (!_mountedHere) return;
        ToolRunner.Run("umount", Root);
    }
}
