using FsCheck;
using FsCheck.Fluent;
using IomapModel.KernelSim.Kernel;
using IomapModel.Servers.Reference;
using IomapModel.Workloads;
using IomapModel.Workloads.Live;
using IomapModel.Workloads.Shadow;
using IomapModel.Workloads.Sim;

namespace IomapModel.Properties.Workloads;

/// <summary>
/// The one operation vocabulary means the same everywhere: a generated sequence of <see cref="FileOp"/>s applied to
/// the simulated kernel over the reference server (<see cref="SimFiles"/>), to real files of this machine's own
/// filesystem under $TMPDIR (<see cref="LiveFiles"/>, real syscalls, no root needed) and to the expected contents
/// (<see cref="ShadowFiles"/>) returns the same values on both sides, reads return the expected bytes, and the files
/// end with the expected sizes and bytes. Direct IO is 4 KiB aligned (what O_DIRECT on the host demands); a mapped
/// store stays inside EOF and inside one page (the simulated kernel models one page per store). Clone and dedupe
/// are left out: the simulated kernel, like fuse, has no remap_file_range, while this machine's filesystem may have
/// one (SimFilesTests shows the unsupported outcome).
/// </summary>
public sealed class WorkloadApplicationProperties
{
    private const int Bs = 4096;
    private static readonly string[] Names = ["a", "b"];

    private static Gen<FileOp> Op()
    {
        var name = Gen.Elements(Names);
        var pos = Gen.Choose(0, 24 * Bs).Select(n => (long)n);
        var len = Gen.Choose(1, 3 * Bs);
        var blocks = Gen.Choose(0, 6).Select(n => (long)n * Bs);
        var fill = Gen.Choose(1, 255).Select(b => (byte)b);
        var mode = Gen.Elements(FallocMode.Allocate, FallocMode.KeepSize, FallocMode.PunchHole | FallocMode.KeepSize,
            FallocMode.ZeroRange, FallocMode.ZeroRange | FallocMode.KeepSize);
        return Gen.Frequency(
            (8, from n in name from o in pos from l in len from b in fill select (FileOp)new FileOp.Write(n, o, WriteData.Filled(l, b))),
            (2, from n in name from o in blocks from k in Gen.Choose(1, 3) from b in fill
                select (FileOp)new FileOp.Write(n, o, WriteData.Filled(k * Bs, b), IoPath.Direct)),
            (2, from n in name from o in Gen.Choose(0, 2 * Bs) from l in Gen.Choose(1, 512) from b in fill
                select (FileOp)new FileOp.Write(n, o, WriteData.Filled(Math.Min(l, Bs - o % Bs), b), IoPath.Mmap)),
            (5, from n in name from o in pos from l in len select (FileOp)new FileOp.Read(n, o, l)),
            (2, from n in name from o in blocks from k in Gen.Choose(1, 3) select (FileOp)new FileOp.Read(n, o, k * Bs, IoPath.Direct)),
            (3, from n in name from s in pos select (FileOp)new FileOp.Truncate(n, s)),
            (4, from n in name from m in mode from o in pos from l in len select (FileOp)new FileOp.Fallocate(n, m, o, l)),
            (2, from n in name from d in Gen.Elements(false, true) select (FileOp)new FileOp.Fsync(n, d)),
            (1, name.Select(n => (FileOp)new FileOp.Syncfs(n))),
            (1, name.Select(n => (FileOp)new FileOp.Writeback(n))),
            (2, name.Select(n => (FileOp)new FileOp.Evict(n))),
            (2, from n in name from o in pos from d in pos from l in len
                select (FileOp)new FileOp.CopyRange(n, o, n == "a" ? "b" : "a", d, l)));
    }

    private static IEnumerable<FileOp[]> Shrink(FileOp[] ops)
    {
        for (var chunk = ops.Length / 2; chunk >= 1; chunk /= 2)
            for (var start = 0; start + chunk <= ops.Length; start += chunk)
                yield return [.. ops[..start], .. ops[(start + chunk)..]];
    }

    /// <summary>The simulated kernel with the model's fixes of the RFC's known races on (findings in docs/kernelsim.md:
    /// truncate tells the server first, copy_file_range keeps the destination's stale pages), as the fsx properties
    /// run it: the vocabulary is checked here, not those findings.</summary>
    private static SimFiles Simulated() =>
        new(new SimKernel(new ReferenceServer(Bs, 16UL << 20), new SimOptions { FlushBeforeTruncate = true, CopyRangeDropsPageCache = true }));

    /// <summary>A store into a mapping must stay inside EOF on both sides; skip it where the file is shorter.</summary>
    private static bool Applies(FileOp op, ShadowFiles expected) =>
        op is not FileOp.Write { Via: IoPath.Mmap } w || w.Offset + w.Length <= expected[w.Path].Count;

    [Fact]
    public void The_same_ops_do_the_same_on_the_simulated_kernel_a_real_file_and_the_shadow()
    {
        var property = Prop.ForAll(Arb.From(Op().ArrayOf().Resize(30), Shrink), ops =>
        {
            var problems = Run(ops);
            return problems.Count == 0 ? true.Label("ok") : false.Label(string.Join("\n", problems.Take(5)));
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), property);
    }

    private static List<string> Run(FileOp[] ops)
    {
        var problems = new List<string>();
        var dir = Directory.CreateTempSubdirectory("iomapmodel-workload-");
        try
        {
            var sim = Simulated();
            using var live = new LiveFiles(dir.FullName);
            var expected = new ShadowFiles();
            foreach (var name in Names)
            {
                sim.Create(name);
                File.WriteAllBytes(live.PathOf(name), []);
            }
            foreach (var op in ops.Where(o => Applies(o, expected)))
            {
                var s = sim.Run(op);
                var l = live.Apply(op);
                if (s.Ret != l.Ret) problems.Add($"{op}: simulated {s}, real {l}");
                if (op is FileOp.Read r && s.Ret >= 0)
                {
                    var want = expected[r.Path].Count > r.Offset ? expected[r.Path].GetRange(r.Offset, (int)Math.Min(r.Length, expected[r.Path].Count - r.Offset)) : [];
                    if (!s.Data.AsSpan(0, (int)s.Ret).SequenceEqual(want)) problems.Add($"{op}: the simulated read differs from the expected bytes");
                    if (!l.Data.AsSpan(0, (int)Math.Max(0, l.Ret)).SequenceEqual(want)) problems.Add($"{op}: the real read differs from the expected bytes");
                }
                expected.Apply(op, l);
                if (problems.Count > 0) return problems;
            }
            foreach (var name in Names)
            {
                var want = expected[name].ToArray();
                var real = File.ReadAllBytes(live.PathOf(name));
                var model = sim.Run(new FileOp.Read(name, 0, want.Length + 1));
                if (!real.SequenceEqual(want)) problems.Add($"{name}: the real file ({real.Length} bytes) differs from the expected {want.Length} bytes");
                if (!model.Data.AsSpan(0, (int)model.Ret).SequenceEqual(want)) problems.Add($"{name}: the simulated file ({model.Ret} bytes) differs from the expected {want.Length} bytes");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
        return problems;
    }

    /// <summary>Teeth: a side that does something else is caught (the real file gets one byte more).</summary>
    [Fact]
    public void A_difference_between_the_sides_is_reported()
    {
        var problems = Run([new FileOp.Write("a", 0, WriteData.Filled(10, 1)), new FileOp.Truncate("a", 5), new FileOp.Read("a", 0, 10)]);
        Assert.Empty(problems);
        var dir = Directory.CreateTempSubdirectory("iomapmodel-workload-");
        try
        {
            using var live = new LiveFiles(dir.FullName);
            var sim = new SimFiles(new SimKernel(new ReferenceServer(Bs, 16UL << 20)));
            sim.Create("a");
            live.Apply(new FileOp.Write("a", 0, WriteData.Filled(11, 1)));
            Assert.NotEqual(sim.Run(new FileOp.Write("a", 0, WriteData.Filled(10, 1))).Ret, live.Apply(new FileOp.Read("a", 0, 20)).Ret);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
