using IomapModel.Harness.Conform;
using IomapModel.Workloads;

namespace IomapModel.Properties.Conform;

/// <summary>How the conform engine tells causes apart (<see cref="UnknownCauseKey"/>, <see cref="ConformCauses"/>):
/// the same problem at other offsets, values or steps is the same cause; another kind of difference, another file,
/// another place relative to the operation or another operation is another cause.</summary>
public sealed class ConformCauseTests
{
    private static FileOp Punch(string path, long offset, long length) => new FileOp.Fallocate(path, FallocMode.PunchHole | FallocMode.KeepSize, offset, length);

    [Fact]
    public void The_same_problem_elsewhere_has_the_same_key()
    {
        Assert.Equal(UnknownCauseKey.Data(Punch("/a", 100, 5000), 9000, "/a", 200, 0, 0x33),
            UnknownCauseKey.Data(Punch("/a", 70000, 3), 80000, "/a", 70001, 0, 0x11));
        Assert.Equal("punch /a: data differs in the range (live reads zeros)", UnknownCauseKey.Data(Punch("/a", 100, 5000), 9000, "/a", 200, 0, 0x33));
        Assert.Equal(UnknownCauseKey.Errno(Punch("/b", 0, 1), 0, -FuseErrno.EIO), UnknownCauseKey.Errno(Punch("/b", 4096, 99), 0, -FuseErrno.EIO));
    }

    [Fact]
    public void Different_problems_have_different_keys()
    {
        var op = Punch("/a", 100, 5000);
        string[] keys =
        [
            UnknownCauseKey.Data(op, 9000, "/a", 200, 0, 0x33),        // in the range, live zeros
            UnknownCauseKey.Data(op, 9000, "/a", 50, 0, 0x33),         // before it
            UnknownCauseKey.Data(op, 9000, "/a", 6000, 0, 0x33),       // after it
            UnknownCauseKey.Data(op, 9000, "/a", 200, 0x33, 0),        // the model reads zeros
            UnknownCauseKey.Data(op, 9000, "/b", 200, 0, 0x33),        // another file
            UnknownCauseKey.Data(new FileOp.Write("/a", 100, WriteData.Filled(5000, 1)), 9000, "/a", 200, 0, 0x33),   // another operation
            UnknownCauseKey.Size(op, "/a", 10, 20),
            UnknownCauseKey.Size(op, "/a", 20, 10),
            UnknownCauseKey.Errno(op, 0, -FuseErrno.EIO),
            UnknownCauseKey.Errno(op, 0, -FuseErrno.ENOSPC),
        ];
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void A_cause_met_again_keeps_its_number_and_collects_its_steps()
    {
        var causes = new ConformCauses();
        var a = CauseId.Unknown("punch /a: data differs in the range (live reads zeros)");
        Assert.True(causes.Meet(a, 7).First);
        Assert.Equal(2, causes.Meet(KnownDivergence.ZeroRange, 8).Number);
        var (again, first) = causes.Meet(a, 12);
        Assert.False(first);
        causes.Meet(a, 12);
        causes.Meet(a, null);
        Assert.Equal(1, again.Number);
        Assert.Equal([7, 12], again.Steps);
        Assert.True(again.AfterUnmount);
        Assert.False(again.IsKnown);
        Assert.Equal(2, causes.All.Count);
        Assert.True(causes.All[1].IsKnown);
    }
}
