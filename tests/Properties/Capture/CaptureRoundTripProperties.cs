using FsCheck;
using FsCheck.Fluent;
using IomapModel.Harness.Replay;
using IomapModel.IextTree;
using IomapModel.IomapCache;
using IomapModel.Properties.Cache;
using IomapModel.Traces.Cache;
using IomapModel.Traces.Capture;
using Xunit.Abstractions;

namespace IomapModel.Properties.Capture;

/// <summary>
/// Random cache operations over two inodes, applied directly, against the same operations formatted as a capture
/// (<see cref="CaptureRecorder"/>), parsed, imported and replayed: the replay must end with the same trees and
/// counters for every inode, and answer every captured lookup as the direct run did (no expect mismatches).
/// </summary>
public sealed class CaptureRoundTripProperties(ITestOutputHelper output)
{
    private const uint Bs = 4096;

    private static Gen<CacheTraceEvent> Step()
    {
        var fork = Gen.Elements(IomapFork.Read, IomapFork.Write);
        var start = Gen.Choose(0, 40);
        var len = Gen.Choose(1, 12);
        var attr = Gen.Choose(0, 255);
        var node = Gen.Elements(5UL, 6UL);
        var mapping = from w in Gen.Elements(false, true) from s in start from l in len from a in attr select CacheWorkload.MappingFor(w, s, l, a);
        var readMapping = from s in start from l in len from a in attr select CacheWorkload.MappingFor(false, s, l, a);
        var length = Gen.Frequency((6, len.Select(l => (ulong)l * Bs)), (1, Gen.Constant(FuseIomapConstants.InvalToEof)));
        var nullWrite = new FuseIomap(0, Bs, FuseIomapConstants.NullAddr, FuseIomapType.Null, FuseIomapFlags.None, 0);
        return Gen.Frequency(
            (3, from n in node select (CacheTraceEvent)new InodeDirective(0, n, n * 10)),
            (6, from f in fork from m in mapping select (CacheTraceEvent)new CacheAdd(0, f, m)),
            (4, from f in fork from s in start from l in length select (CacheTraceEvent)new CacheRemove(0, f, s * Bs, l)),
            (5, from f in fork from m in mapping select (CacheTraceEvent)new CacheUpsert(0, f, m)),
            (2, from s in start from l in length select (CacheTraceEvent)new CacheInvalidateRange(0, s * Bs + 100, l)),
            (8, from n in node from wrongIno in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
                from r in readMapping from w in Gen.Frequency((2, Gen.Constant(nullWrite)), (1, mapping.Select(m => m)))
                select (CacheTraceEvent)new NotifyUpsert(0, new FuseIomapUpsertOut(n, wrongIno ? 99 : n * 10, r, w.Type == FuseIomapType.Null ? w with { Offset = r.Offset, Length = r.Length } : w))),
            (3, from n in node from s in start from l in length from ws in start from wl in Gen.Elements(0UL, Bs, FuseIomapConstants.InvalToEof)
                select (CacheTraceEvent)new NotifyInval(0, new FuseIomapInvalOut(n, n * 10, (ulong)s * Bs, l, (ulong)ws * Bs, wl))),
            (8, from f in fork from p in Gen.Choose(0, 200_000) from c in Gen.Choose(1, 70_000) select (CacheTraceEvent)new CacheLookup(0, f, p, (ulong)c)),
            (6, from p in Gen.Choose(0, 200_000) from c in Gen.Choose(1, 70_000)
                from ops in Gen.Elements(FuseIomapOp.None, FuseIomapOp.Write, FuseIomapOp.Write | FuseIomapOp.Direct, FuseIomapOp.Zero, FuseIomapOp.Report)
                select (CacheTraceEvent)new TryCache(0, p, (ulong)c, ops)),
            (1, Gen.Constant((CacheTraceEvent)new CacheEnable(0))));
    }

    private static readonly CacheTraceEvent[] Devices = [new DevDirective(0, 1, 1UL << 30), new DevDirective(0, 2, 1UL << 30)];

    /// <summary>Each inode's <c>seq</c> and fork dumps.</summary>
    private static Dictionary<ulong, string> Ends(CacheReplayer r) => r.Caches.ToDictionary(kv => kv.Key, kv =>
        $"seq {kv.Value.Sequence}\n{IextShapeDump.Dump(kv.Value.ForkOf(IomapFork.Read), 'r')}{IextShapeDump.Dump(kv.Value.ForkOf(IomapFork.Write), 'w')}");

    [Fact]
    public void Formatted_imported_and_replayed_captures_end_like_the_direct_run_and_agree_on_every_lookup()
    {
        int runs = 0, checkedLookups = 0, hits = 0;
        var property = Prop.ForAll(Arb.From(Step().ArrayOf()), steps =>
        {
            CacheTraceEvent[] events = [.. Devices, new InodeDirective(0, 5, 50), .. steps];
            var direct = new CacheReplayer(TextWriter.Null);
            direct.Run(events);

            var text = CaptureRecorder.Record(events);
            var capture = CaptureParser.Parse("roundtrip.capture", new StringReader(text));
            var (lines, warnings) = CaptureImporter.Import("roundtrip.capture", capture);
            Assert.Empty(warnings);
            var imported = lines.Select(l => l.Event).OfType<CacheTraceEvent>().ToList();
            var replay = new CacheReplayer(TextWriter.Null);
            replay.Run(imported);

            Assert.True(replay.Mismatches.Count == 0, string.Join("\n", replay.Mismatches) + "\n" + text);
            var want = Ends(direct);
            var got = Ends(replay);
            foreach (var (node, end) in want)
                if (got.TryGetValue(node, out var replayed))
                    Assert.True(end == replayed, $"nodeid {node}: direct\n{end}\nreplayed\n{replayed}\ncapture:\n{text}");
                else
                    Assert.Equal($"seq 0\n{IextShapeDump.Dump(new IomapCache.IomapCache(new IomapGeometry(), new IomapDeviceTable()).ReadFork, 'r')}fork w absent\n", end);
            Interlocked.Increment(ref runs);
            Interlocked.Add(ref checkedLookups, imported.Count(e => e is LookupExpectation));
            Interlocked.Add(ref hits, imported.Count(e => e is LookupExpectation { Hit: not null }));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(400), property);
        output.WriteLine($"{runs} sequences, {checkedLookups} captured lookups checked ({hits} hits)");
        Assert.True(hits > runs, "too few captured hits to mean anything");
    }

    [Fact]
    public void A_capture_whose_lookup_answer_was_changed_reports_a_mismatch()
    {
        CacheTraceEvent[] events =
        [
            .. Devices, new InodeDirective(0, 5, 50),
            new NotifyUpsert(0, FuseIomapUpsertOut.ReadFork(5, 50, CacheWorkload.MappingFor(false, 0, 4, 0))),
            new CacheLookup(0, IomapFork.Read, 4096, 4096),
        ];
        var text = CaptureRecorder.Record(events).Replace("map offset 0x1000 length 0x1000 type mapped", "map offset 0x1000 length 0x1000 type unwritten");
        var (lines, _) = CaptureImporter.Import("t", CaptureParser.Parse("t", new StringReader(text)));
        var replay = new CacheReplayer(TextWriter.Null);
        replay.Run(lines.Select(l => l.Event).OfType<CacheTraceEvent>());
        Assert.Equal("mismatch: kernel hit off=4096 len=4096 addr=4096 type=3 flags=0 dev=1 cookie=1, model hit off=4096 len=4096 addr=4096 type=2 flags=0 dev=1 cookie=1",
            Assert.Single(replay.Mismatches));
    }
}
