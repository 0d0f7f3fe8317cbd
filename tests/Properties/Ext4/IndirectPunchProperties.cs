using FsCheck;
using FsCheck.Fluent;
using IomapModel.Ext4;
using IomapModel.Harness.Host;
using IomapModel.Servers.Fuse2fs;
using Xunit.Abstractions;

namespace IomapModel.Properties.Ext4;

/// <summary>One punch of a block-mapped file: the file's mapped runs (1 KiB blocks, reaching the DIND region and
/// sometimes the TIND one) and the closed block range asked for.</summary>
public sealed record IndirectPunchCase(IReadOnlyList<(long First, int Length)> Runs, long Start, long End)
{
    public override string ToString() =>
        $"runs [{string.Join(", ", Runs.Select(r => $"{r.First}+{r.Length}"))}] punch {Start}..{End}";
}

/// <summary>
/// Finding F17: which blocks libext2fs's <c>ext2fs_punch</c> frees in a block-mapped file, the model
/// (<see cref="Ext4Server"/> with the seed quirks) against the real thing (<c>debugfs -w -R "punch"</c>, which calls
/// the same library function, on an ext2 image made by mkfs from a sparse file). Both results are read back as file
/// block sets; the image's own layout is read by the mapper, which the conformance tests check against debugfs.
/// </summary>
public sealed class IndirectPunchProperties(ITestOutputHelper output)
{
    private const int Bs = 1024;

    private static Gen<IndirectPunchCase> Cases() =>
        from runCount in Gen.Choose(1, 4)
        from runs in Gen.ListOf(Run(), runCount)
        from start in Gen.OneOf(Gen.Choose(0, 1200), Gen.Choose(0, 70000), Gen.Elements(runs.Select(r => (int)r.First).ToArray()))
        from span in Gen.OneOf(Gen.Choose(0, 40), Gen.Choose(0, 3000), Gen.Constant(int.MaxValue))
        select new IndirectPunchCase(runs.OrderBy(r => r.First).ToList(), start, span == int.MaxValue ? long.MaxValue : start + span);

    private static Gen<(long First, int Length)> Run() =>
        from first in Gen.OneOf(Gen.Choose(0, 300), Gen.Choose(260, 1400), Gen.Choose(60000, 70000))
        from length in Gen.Choose(1, 200)
        select ((long)first, length);

    private static byte[] Image(IndirectPunchCase c) => MkfsImage.Build("mkfs.ext2", "-b 1024", 24L << 20, dir =>
        TestHost.WriteSparse(Path.Combine(dir, "f"), (c.Runs.Max(r => r.First + r.Length) + 1) * Bs,
            [.. c.Runs.Select(r => (r.First * Bs, r.Length * Bs))]));

    private static SortedSet<long> Mapped(IEnumerable<Ext4Extent> extents) =>
        [.. extents.SelectMany(e => Enumerable.Range(0, (int)e.Length).Select(i => e.LogicalBlock + i))];

    private static (SortedSet<long> Before, SortedSet<long> Model) Model(byte[] image, Fuse2fsQuirks quirks, IndirectPunchCase c)
    {
        using var img = Ext4Image.Open(image);
        var before = Mapped(img.ReadLayout(img.LookupPath("/f")).Extents);
        var server = new Ext4Server(img, quirks);
        Assert.Equal(0, server.Lookup("f", out var attr));
        long end = Math.Min(c.End, (long.MaxValue / Bs) - 1);
        Assert.Equal(0, server.Fallocate(attr.NodeId, FallocMode.PunchHole | FallocMode.KeepSize, c.Start * Bs, (end - c.Start + 1) * Bs));
        return (before, Mapped(server.File(attr.NodeId).Extents));
    }

    private static SortedSet<long> Debugfs(byte[] image, IndirectPunchCase c)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("fs.img");
        File.WriteAllBytes(path, image);
        string range = c.End == long.MaxValue ? $"{c.Start}" : $"{c.Start} {c.End}";
        var r = TestHost.Checked("debugfs", "-w", "-R", $"punch /f {range}", path);
        Assert.True(r.Stderr.Split('\n').All(l => l.Length == 0 || l.StartsWith("debugfs ", StringComparison.Ordinal)), r.Stderr);
        using var after = Ext4Image.Open(path);
        return Mapped(after.ReadLayout(after.LookupPath("/f")).Extents);
    }

    [Fact]
    public void The_model_frees_exactly_the_blocks_libext2fs_frees()
    {
        int cases = 0, differentFromAsked = 0;
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(80), Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var image = Image(c);
            var (before, model) = Model(image, Fuse2fsQuirks.Seed, c);
            var real = Debugfs(image, c);
            cases++;
            var asked = new SortedSet<long>(before.Where(b => b < c.Start || b > c.End));
            if (!asked.SetEquals(real)) differentFromAsked++;
            return model.SetEquals(real).Label($"{c}: model keeps {model.Count} blocks, libext2fs {real.Count}; " +
                $"model-only [{string.Join(",", model.Except(real).Take(8))}] real-only [{string.Join(",", real.Except(model).Take(8))}]");
        }));
        output.WriteLine($"{cases} punches; libext2fs freed something other than what was asked in {differentFromAsked}");
    }

    [Theory]
    [InlineData(10, 13, new long[] { 12, 13 })]        // crosses direct -> IND: count 4 is not above 12, so it stops
    [InlineData(620, 620, new long[] { })]              // second IND under the DIND: frees 640 as well
    [InlineData(100, 100, new long[] { 12, 13 })]       // inside the IND region: exact
    [InlineData(5, long.MaxValue, new long[] { 4 })]    // a truncate: everything from block 5 on
    public void Debugfs_observations_are_reproduced(long start, long end, long[] survivorsOfInterest)
    {
        var c = new IndirectPunchCase([(0, 30), (640, 1)], start, end);
        var image = Image(c);
        var (before, model) = Model(image, Fuse2fsQuirks.Seed, c);
        var (_, intended) = Model(image, Fuse2fsQuirks.Intended, c);
        Assert.Equal(Debugfs(image, c), model);
        Assert.Equal(before.Where(b => b < start || b > end), intended);
        foreach (var b in survivorsOfInterest) Assert.Contains(b, model);
        if (start is 620 or 5) Assert.DoesNotContain(640L, model);
    }
}
