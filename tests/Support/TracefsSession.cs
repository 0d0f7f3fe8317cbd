namespace IomapModel.Support;

/// <summary>
/// Records the kernel's <c>fuse:fuse_request_send</c> and <c>fuse:fuse_request_end</c> tracepoints for the duration
/// of a test, and puts every piece of tracing state back in Dispose: the two events' enable files, tracing_on, the
/// trace buffer (cleared), and tracefs itself (unmounted again if this session had to mount it).
/// </summary>
public sealed class TracefsSession : IDisposable
{
    private static readonly string[] Events = ["events/fuse/fuse_request_send/enable", "events/fuse/fuse_request_end/enable"];
    private readonly string _dir = ConformanceEnvironment.TracefsDir;
    private readonly bool _mountedHere;
    private readonly Dictionary<string, string> _saved = [];

    public TracefsSession()
    {
        ConformanceEnvironment.Require(Needs.Tracefs);
        if (!File.Exists(Path.Combine(_dir, "tracing_on")))
        {
            var r = ToolRunner.Run("mount", "-t", "tracefs", "nodev", _dir);
            if (r.ExitCode != 0) throw new InvalidOperationException($"tracefs could not be mounted on {_dir}: {r}");
            _mountedHere = true;
        }
        try
        {
            foreach (var e in Events)
                if (!File.Exists(Path.Combine(_dir, e)))
                    throw new InvalidOperationException($"tracefs has no {e}: this kernel lacks the fuse request tracepoints");
            foreach (var f in Events.Append("tracing_on")) _saved[f] = File.ReadAllText(Path.Combine(_dir, f)).Trim();
            Write("trace", "");
            foreach (var e in Events) Write(e, "1");
            Write("tracing_on", "1");
        }
        catch
        {
            Restore();
            throw;
        }
    }

    /// <summary>The trace buffer as text (<c>trace</c>).</summary>
    public string Read() => File.ReadAllText(Path.Combine(_dir, "trace"));

    private void Write(string file, string value) => File.WriteAllText(Path.Combine(_dir, file), value);

    private void Restore()
    {
        var problems = new List<string>();
        foreach (var (file, value) in _saved)
        {
            try { Write(file, value); }
            catch (IOException e) { problems.Add($"{file}: {e.Message}"); }
        }
        try { if (File.Exists(Path.Combine(_dir, "trace"))) Write("trace", ""); }
        catch (IOException e) { problems.Add($"trace: {e.Message}"); }
        if (_mountedHere)
        {
            var r = ToolRunner.Run("umount", _dir);
            if (r.ExitCode != 0) problems.Add($"umount {_dir}: {r.Stderr.Trim()}");
        }
        if (problems.Count > 0) throw new InvalidOperationException("tracing state not restored: " + string.Join("; ", problems));
    }

    public void Dispose() => Restore();
}
