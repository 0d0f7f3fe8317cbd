using System.Globalization;
using System.Text;
using System.Text.Json;
using IomapModel.Traces.Import;

namespace IomapModel.Harness.Replay;

/// <summary>
/// Prints a <see cref="WorkloadReplayResult"/>: as text, a table of every file and the total, cache on against cache
/// off (operations, FUSE_IOMAP_BEGIN/END/IOEND, hits, misses, invalidations, predicted upcall time), what the cache
/// saved, how each kind of operation fared, and for a capture of a fuse2fs mount the FUSE requests measured there;
/// or as one JSON object (<see cref="Json"/>) with the same numbers.
/// </summary>
public static class WorkloadReplayReport
{
    public static void Text(TextWriter w, WorkloadReplayResult r)
    {
        var wl = r.Workload;
        var files = wl.Report.Files.Count;
        w.WriteLine($"replay {wl.File}: {wl.FormatName}, {wl.Steps.Count} operation{S(wl.Steps.Count)} on {files} file{S(files)}");
        w.WriteLine($"image: {r.Image}");
        w.WriteLine($"model: SimKernel + Ext4Server (fuse2fs as in RFC v3), run twice, the iomap cache on and off; " +
            $"predicted time: {Us(r.Cost.UpcallMicros)} per upcall (CostModel: the FUSE round trip measured on this machine)");
        int filled = wl.Report.Files.Sum(f => f.Filled.Values.Sum()), lost = wl.Report.Files.Sum(f => f.NotReconstructed.Values.Sum());
        if (filled + lost + wl.Report.Skipped.Count > 0)
            w.WriteLine($"import: {filled} gap{S(filled)} filled, {lost} operation{S(lost)} not reconstructed, {wl.Report.Skipped.Values.Sum()} skipped by the source (iomapmodel import {wl.File} lists them)");
        w.WriteLine();
        var rows = new List<string[]> { new[] { "file", "ops", "cache", "iomap_begin", "iomap_end", "iomap_ioend", "hits", "misses", "invalidations", "upcall_us" } };
        void Rows(string name, ReplayTally on, ReplayTally off)
        {
            rows.Add([name, N(on.Ops), "on", N(on.IomapBegin), N(on.IomapEnd), N(on.IomapIoend), N(on.Hits), N(on.Misses), N(on.Invalidations), F(on.PredictedUpcallMicros)]);
            rows.Add(["", "", "off", N(off.IomapBegin), N(off.IomapEnd), N(off.IomapIoend), N(off.Hits), N(off.Misses), N(off.Invalidations), F(off.PredictedUpcallMicros)]);
        }
        foreach (var (path, on) in r.CacheOn.Files)
            Rows(path, on, r.CacheOff.Files.FirstOrDefault(f => f.Path == path).Tally ?? new ReplayTally());
        Rows("total", r.CacheOn.Total, r.CacheOff.Total);
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(row => row[c].Length)).ToArray();
        foreach (var row in rows)
            w.WriteLine(string.Join("  ", row.Select((cell, c) => c == 0 || c == 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        w.WriteLine();
        var t1 = r.CacheOn.Total;
        var t0 = r.CacheOff.Total;
        long saved = t0.IomapBegin + t0.IomapEnd + t0.IomapIoend - (t1.IomapBegin + t1.IomapEnd + t1.IomapIoend);
        w.WriteLine($"the cache {(saved >= 0 ? "saves" : "costs")} {N(Math.Abs(saved))} iomap upcall{S(saved)} " +
            $"(FUSE_IOMAP_BEGIN {N(t0.IomapBegin)} -> {N(t1.IomapBegin)}), {Us(t0.PredictedIomapMicros - t1.PredictedIomapMicros)} of predicted upcall time " +
            $"({Us(t0.PredictedUpcallMicros)} -> {Us(t1.PredictedUpcallMicros)} in all)");
        w.WriteLine("outcomes (cache on):");
        foreach (var o in r.CacheOn.Outcomes)
        {
            var parts = new List<string>();
            if (o.Ok > 0) parts.Add($"{o.Ok} ok");
            parts.AddRange(o.Errors.Select(e => $"{e.Value} {e.Key}"));
            parts.AddRange(o.Unsupported.Select(u => $"{u.Value} unsupported ({u.Key})"));
            var off = r.CacheOff.Outcomes.FirstOrDefault(x => x.Kind == o.Kind);
            bool differs = off is null || off.Ok != o.Ok || !off.Errors.SequenceEqual(o.Errors);
            w.WriteLine($"  {o.Kind}: {string.Join(", ", parts)}{(differs && off is not null ? $" (cache off: {off.Ok} ok{string.Concat(off.Errors.Select(e => $", {e.Value} {e.Key}"))})" : "")}");
        }
        if (r.CacheOn.Asserts + r.CacheOff.Asserts > 0)
            w.WriteLine($"kernel ASSERTs that would warn: {r.CacheOn.Asserts} with the cache, {r.CacheOff.Asserts} without");
        if (wl.Measured is { Total: > 0 } m)
        {
            w.WriteLine("measured on the fuse2fs mount (fuse_request_send -> fuse_request_end; classic fuse2fs, no iomap):");
            foreach (var (op, count, median) in m.PerOpcode)
                w.WriteLine($"  {op,-16} {count,5}  median {Us(median)}");
            if (m.Unanswered > 0) w.WriteLine($"  ({m.Unanswered} request{S(m.Unanswered)} sent but not answered in the capture)");
        }
    }

    /// <summary>One JSON object: <c>format</c>, <c>file</c>, <c>image</c>, <c>ops</c>, <c>files</c>, <c>cache_on</c> and
    /// <c>cache_off</c> (each <c>iomap_begin</c>, <c>iomap_end</c>, <c>iomap_ioend</c>, <c>hits</c>, <c>misses</c>,
    /// <c>invalidations</c>, <c>predicted_upcall_us</c>, <c>predicted_iomap_us</c>, <c>upcalls</c>), <c>outcomes</c>,
    /// <c>measured</c> (null, or opcode name to <c>count</c> and <c>median_us</c>) and <c>import</c>.</summary>
    public static string Json(WorkloadReplayResult r)
    {
        var wl = r.Workload;
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteString("format", wl.FormatKey);
            j.WriteString("description", wl.FormatName);
            j.WriteString("file", wl.File);
            j.WriteString("image", r.Image);
            j.WriteNumber("upcall_round_trip_us", r.Cost.UpcallMicros);
            j.WriteNumber("ops", wl.Steps.Count);
            j.WriteStartArray("files");
            foreach (var (path, on) in r.CacheOn.Files)
            {
                j.WriteStartObject();
                j.WriteString("path", path);
                j.WriteNumber("ops", on.Ops);
                Tally(j, "cache_on", on);
                Tally(j, "cache_off", r.CacheOff.Files.FirstOrDefault(f => f.Path == path).Tally ?? new ReplayTally());
                j.WriteEndObject();
            }
            j.WriteEndArray();
            Tally(j, "cache_on", r.CacheOn.Total);
            Tally(j, "cache_off", r.CacheOff.Total);
            j.WriteStartArray("outcomes");
            foreach (var o in r.CacheOn.Outcomes)
            {
                j.WriteStartObject();
                j.WriteString("kind", o.Kind);
                j.WriteNumber("count", o.Count);
                j.WriteNumber("ok", o.Ok);
                Counts(j, "errors", o.Errors);
                Counts(j, "unsupported", o.Unsupported);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            if (wl.Measured is { Total: > 0 } m)
            {
                j.WriteStartObject("measured");
                foreach (var (op, count, median) in m.PerOpcode)
                {
                    j.WriteStartObject(op);
                    j.WriteNumber("count", count);
                    j.WriteNumber("median_us", median);
                    j.WriteEndObject();
                }
                j.WriteEndObject();
            }
            else j.WriteNull("measured");
            j.WriteStartObject("import");
            j.WriteNumber("filled", wl.Report.Files.Sum(f => f.Filled.Values.Sum()));
            j.WriteNumber("not_reconstructed", wl.Report.Files.Sum(f => f.NotReconstructed.Values.Sum()));
            j.WriteNumber("skipped", wl.Report.Skipped.Values.Sum());
            j.WriteEndObject();
            j.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Tally(Utf8JsonWriter j, string name, ReplayTally t)
    {
        j.WriteStartObject(name);
        j.WriteNumber("iomap_begin", t.IomapBegin);
        j.WriteNumber("iomap_end", t.IomapEnd);
        j.WriteNumber("iomap_ioend", t.IomapIoend);
        j.WriteNumber("hits", t.Hits);
        j.WriteNumber("misses", t.Misses);
        j.WriteNumber("invalidations", t.Invalidations);
        j.WriteNumber("predicted_upcall_us", Math.Round(t.PredictedUpcallMicros, 3));
        j.WriteNumber("predicted_iomap_us", Math.Round(t.PredictedIomapMicros, 3));
        j.WriteStartObject("upcalls");
        foreach (var (op, n) in t.Upcalls.OrderBy(kv => kv.Key)) j.WriteNumber(ReplayTally.Name(op), n);
        j.WriteEndObject();
        j.WriteEndObject();
    }

    private static void Counts(Utf8JsonWriter j, string name, SortedDictionary<string, int> counts)
    {
        j.WriteStartObject(name);
        foreach (var (k, v) in counts) j.WriteNumber(k, v);
        j.WriteEndObject();
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string F(double us) => us.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Us(double us) => us >= 10_000 ? $"{(us / 1000).ToString("0.0", CultureInfo.InvariantCulture)} ms" : $"{us.ToString("0.#", CultureInfo.InvariantCulture)} µs";

    private static string S(long n) => n == 1 ? "" : "s";
}
