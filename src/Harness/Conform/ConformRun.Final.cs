using IomapModel.Ext4;
using IomapModel.Harness.Host;

namespace IomapModel.Harness.Conform;

public sealed partial class ConformRun
{
    /// <summary>After unmount: e2fsck on the live image, then per file size, bytes on disk and block classes; every
    /// difference attributed to a cause (after unmount).</summary>
    private void Final(string liveImage, ModelSide model, IReadOnlyList<string> touched)
    {
        int sync = model.Sync();
        if (sync != 0)
            output.WriteLine($"after unmount: the model's syncfs returned {FuseErrno.Show(sync)} ({Described(_causes.Meet(CauseId.Unknown(UnknownCauseKey.ModelSync(sync)), null).Cause)})");
        var fsck = E2fsck.Check(liveImage);
        using var image = Ext4Image.Open(liveImage);
        if (fsck.ExitCode == 0) output.WriteLine("after unmount: e2fsck -fn of the live image is clean");
        else if (BlocksPastEofOnly(fsck.Stdout, image))
        {
            output.WriteLine($"after unmount: e2fsck -fn of the live image is not clean (exit {fsck.ExitCode}), only i_size complaints for block-mapped files fallocated past EOF (known: {KnownDivergence.BlockMapBlocksPastEof.Id})");
            _causes.Meet(KnownDivergence.BlockMapBlocksPastEof, null);
        }
        else
        {
            var cause = _causes.Meet(CauseId.Unknown(UnknownCauseKey.E2fsckUnclean), null).Cause;
            output.WriteLine($"after unmount: e2fsck -fn of the live image is NOT clean (exit {fsck.ExitCode}; {Described(cause)}):");
            foreach (var l in fsck.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(20)) output.WriteLine($"  {l}");
        }
        long bs = image.BlockSize;
        foreach (var path in touched)
        {
            Ext4FileLayout? layout = null;
            try { layout = image.ReadLayout(image.LookupPath(path)); }
            catch (FileNotFoundException) { }
            var server = model.ServerFile(path);
            var liveBytes = layout is null ? [] : Ext4FileBytes.Read(image, layout);
            var modelBytes = server is null ? [] : model.DiskBytes(path);
            var cmp = FileComparison.Of(path, layout?.Size, server?.Size, (o, n) => Slice(liveBytes, o, n), (o, n) => Slice(modelBytes, o, n));
            output.WriteLine(cmp.Agrees ? $"on disk {cmp}" : $"on disk {cmp} ({OnDisk(cmp, liveBytes, modelBytes, bs)})");
            var diffs = ClassDifference.Between(layout?.Extents ?? [], server?.Extents ?? [], (Math.Max(layout?.Size ?? 0, server?.Size ?? 0) + bs - 1) / bs);
            if (diffs.Count == 0) output.WriteLine($"  {path} block classes agree");
            foreach (var d in diffs)
            {
                var why = Explained(path, d);
                if (why is null) _unknownClasses++;
                else _knownClasses++;
                foreach (var e in why ?? []) _causes.Meet(e.Why, e.Step);
                output.WriteLine($"  {path} {d} ({(why is null ? AfterUnmount(path, () => UnknownCauseKey.Classes(path, d)) : Label(why[0].Why))})");
            }
        }
    }

    /// <summary>A file whose size or bytes on disk differ: known when every difference lies where a divergence left the
    /// model's disk different from what its kernel showed (<see cref="_diskCovers"/>: blocks F17 freed under a stale
    /// cached mapping, the size and the range of an operation F10 failed after the model's server had acted), else
    /// <see cref="AfterUnmount"/>.</summary>
    private string OnDisk(FileComparison cmp, byte[] live, byte[] model, long bs)
    {
        var covering = new List<Cover>();
        if (cmp.LiveSize != cmp.ModelSize) covering.Add(_diskCovers.FirstOrDefault(c => c.Path == cmp.Path && c.CoversSize));
        var runs = LiveResync.DataRuns(Math.Min(cmp.LiveSize ?? 0, cmp.ModelSize ?? 0), (o, n) => Slice(live, o, n), (o, n) => Slice(model, o, n), bs);
        covering.AddRange(runs.Select(r => _diskCovers.FirstOrDefault(c => c.Path == cmp.Path && c.First <= r.First && r.End <= c.End)));
        if (covering.Count > 0 && covering.All(c => c.Why is not null))
        {
            foreach (var c in covering) _causes.Meet(c.Why, null);
            return Label(covering[0].Why);
        }
        return AfterUnmount(cmp.Path, () => UnknownCauseKey.OnDisk(cmp));
    }

    /// <summary>A difference after unmount: the cause of a file that diverged for good, else one that is not known.</summary>
    private string AfterUnmount(string path, Func<string> key)
    {
        if (_diverged.TryGetValue(path, out var gone))
        {
            gone.Met(null);
            return $"cause {gone.Number}: {path} diverged at step {gone.Steps[0]}";
        }
        return Described(_causes.Meet(CauseId.Unknown(key(), path), null).Cause);
    }

    private static string Label(CauseId why) => why.Known is { } k ? "known: " + k.Id : $"for a cause that is not known: {why.Key}";

    /// <summary>The expectations that explain a class run when they cover every block of it (a run can join
    /// neighbouring blocks explained by different ones, e.g. an F11 gap next to a ZERO_RANGE), first one first; null
    /// when some block is not covered.</summary>
    private List<ClassExpectation>? Explained(string path, ClassDifference d)
    {
        var used = new List<ClassExpectation>();
        for (long pos = d.First; pos < d.End;)
        {
            var e = _expected.FirstOrDefault(x => x.Explains(path, d with { First = pos, End = pos + 1 }));
            if (e is null) return null;
            if (!used.Contains(e)) used.Add(e);
            pos = Math.Min(d.End, e.End);
        }
        return used;
    }

    /// <summary>Whether e2fsck complains only that files given a block-map KEEP_SIZE fallocate past EOF
    /// (<see cref="KnownDivergence.BlockMapBlocksPastEof"/>) should be no larger than that fallocate's end.</summary>
    private bool BlocksPastEofOnly(string report, Ext4Image image)
    {
        var complaints = E2fsckSizeComplaints.Only(report);
        if (complaints is null || complaints.Count == 0) return false;
        var ends = _blocksPastEof.ToDictionary(p => image.LookupPath(p.Key), p => p.Value);
        return complaints.All(c => ends.TryGetValue(c.Inode, out var end) && c.ShouldBe <= end);
    }

    private static byte[] Slice(byte[] a, long offset, int length) => a.AsSpan((int)offset, (int)Math.Min(length, a.Length - offset)).ToArray();
}
