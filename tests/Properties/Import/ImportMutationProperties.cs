using FsCheck;
using FsCheck.Fluent;
using IomapModel.Harness.Host;
using IomapModel.Harness.Replay;
using IomapModel.KernelSim.Kernel;
using IomapModel.Traces;
using IomapModel.Traces.Import;
using IomapModel.Workloads;
using Xunit.Abstractions;

namespace IomapModel.Properties.Import;

/// <summary>
/// Issue 12's bad-input property for the workload importers: the shipped captures and fsx logs, each cut, with fields
/// swapped, numbers made huge, events moved to inodes nobody opened, lines dropped, doubled or given a stray character
/// (<see cref="TraceMutation"/>), are either imported consistently — every operation well-formed (a path in the mount's
/// root, offsets and lengths the model can hold), the same twice over, and a sample of them replayed through the model
/// without an exception — or rejected with <c>FILE:LINE: expected ...</c> naming a line of the file (or, when nothing
/// usable is left, naming the file and what it holds); a mutant that became another format (its header line cut) is
/// taken or rejected with FILE:LINE by that format's parser. Never another exception. 500 mutants a run;
/// <c>IOMAPMODEL_MUTATIONS=N</c> asks for more (4,000 pass in about 100 s).
/// </summary>
public sealed class ImportMutationProperties(ITestOutputHelper output)
{
    private static readonly string[] Targets =
    [
        "ext4-stream-writeback.tracefs", "ext4-random-overwrite-reread.tracefs", "ext4-truncate-punch.tracefs", "ext4-direct-io.tracefs",
        "fsx-ext4-800.tracefs", "fuse2fs-random-overwrite-reread.tracefs", "fuse2fs-probe.tracefs", "fuse2fs-probe.trace-cmd",
        "fsx-ext4.fsxops", "fsx-ext4-odirect.fsxops",
    ];

    private static readonly Lazy<string[]> Texts = new(() => [.. Targets.Select(t => File.ReadAllText(RepoPaths.Of("traces", "workloads", t)))]);

    private static readonly Lazy<byte[]> Image = new(() => MkfsImage.BuildEmpty(Harness.Capture.CaptureRun.DefaultMkfs));

    [Fact]
    public void Mutated_captures_and_logs_are_imported_consistently_or_rejected_with_the_line()
    {
        int runs = 0, rejected = 0, empty = 0, replayed = 0, otherFormat = 0;
        var byKind = new int[TraceMutation.Kinds, 2];
        var dir = Directory.CreateTempSubdirectory("iomapmodel-mutate-").FullName;
        try
        {
            var property = Prop.ForAll(Gen.Choose(0, Targets.Length - 1).ToArbitrary(), TraceMutation.Arbitrary(), (target, m) =>
            {
                var (text, what) = m.Apply(Texts.Value[target]);
                var path = Path.Combine(dir, $"m{runs}{Path.GetExtension(Targets[target])}");
                File.WriteAllText(path, text);
                var label = $"{Targets[target]} {what}";
                int lines = text.Count(c => c == '\n');
                runs++;
                try
                {
                    var w = WorkloadImporter.Import(path);
                    if (w is null)
                    {
                        // The mutation made it another format (a header line cut): that format's parser must take it or
                        // reject it with FILE:LINE, as the verbs then do.
                        OtherFormat(path);
                        otherFormat++;
                        return;
                    }
                    Assert.All(w.Steps, s => WellFormed(label, s));
                    var again = WorkloadImporter.Import(path)!;
                    Assert.Equal(w.Steps.Select(s => (s.Op, s.Kind, s.Line)), again.Steps.Select(s => (s.Op, s.Kind, s.Line)));
                    byKind[m.Kind % TraceMutation.Kinds, 0]++;
                    if (runs % 25 == 0)
                    {
                        WorkloadReplay.Replay(w, Image.Value, cacheOn: true, new CostModel());
                        replayed++;
                    }
                }
                catch (TraceSyntaxException e)
                {
                    Assert.True(e.Line >= 1 && e.Line <= lines + 1, $"{label}: line {e.Line} outside the file's {lines} lines ({e.Message})");
                    Assert.StartsWith($"{path}:{e.Line}: ", e.Message);
                    rejected++;
                    byKind[m.Kind % TraceMutation.Kinds, 1]++;
                }
                catch (WorkloadImportException e)
                {
                    Assert.StartsWith($"{path}: ", e.Message);
                    empty++;
                    byKind[m.Kind % TraceMutation.Kinds, 1]++;
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    throw new Xunit.Sdk.XunitException($"{label}: {e.GetType().Name} instead of an import or a FILE:LINE error: {e}");
                }
                finally
                {
                    File.Delete(path);
                }
            });
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(int.Parse(Environment.GetEnvironmentVariable("IOMAPMODEL_MUTATIONS") ?? "500")), property);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        output.WriteLine($"{runs} mutated files: {runs - rejected - empty - otherFormat} imported ({replayed} of them replayed), {rejected} rejected with FILE:LINE, {empty} with nothing usable, {otherFormat} read as another format");
        for (int k = 0; k < TraceMutation.Kinds; k++)
            output.WriteLine($"  {TraceMutation.KindNames[k],-16} imported {byKind[k, 0],4}  rejected {byKind[k, 1],4}");
        Assert.True(runs >= 500, $"only {runs} mutated files");
        Assert.True(rejected > 0 && runs - rejected - empty > 0, "the mutations never made both outcomes: the property would pass vacuously");
        Assert.True(replayed >= 10, $"only {replayed} imported mutants replayed");
    }

    /// <summary>Reads a file detected as one of the other formats with that format's parser (which throws a
    /// <see cref="TraceSyntaxException"/> for anything it cannot take).</summary>
    private static void OtherFormat(string path)
    {
        switch (TraceFormats.Detect(path))
        {
            case TraceFormat.Capture:
                Traces.Capture.CaptureImporter.Import(path, Traces.Capture.CaptureParser.ParseFile(path));
                break;
            case TraceFormat.Schedule:
                Traces.Schedule.ScheduleScriptParser.ParseFile(path);
                break;
            default:
                Traces.Cache.CacheTraceParser.ParseFile(path);
                break;
        }
    }

    /// <summary>What every imported operation must be for the model to run it.</summary>
    private static void WellFormed(string label, WorkloadStep s)
    {
        var op = s.Op;
        Assert.True(op.Path == "/" || (op.Path.StartsWith('/') && op.Path.Length > 1 && !op.Path[1..].Contains('/')), $"{label}: path '{op.Path}' of {op}");
        (long Offset, long Length)? range = op switch
        {
            FileOp.Read r => (r.Offset, r.Length),
            FileOp.Write w => (w.Offset, w.Length),
            FileOp.Fallocate a => (a.Offset, a.Length),
            FileOp.Truncate t => (t.Size, 0),
            FileOp.CopyRange c => (Math.Max(c.Offset, c.DestinationOffset), c.Length),
            _ => null,
        };
        if (range is var (offset, length))
            Assert.True(offset >= 0 && length >= 0 && offset + length <= (1L << 45), $"{label}: {op} out of range");
        if (op is FileOp.Read or FileOp.Write)
            Assert.True(range!.Value.Length is > 0 and <= 64 << 20, $"{label}: {op} longer than the model's largest IO");
        Assert.True(s.Line >= 1, $"{label}: {op} names no line");
    }
}
