using IomapModel.Harness.Host;
using IomapModel.Harness.Pictures;
using IomapModel.Traces.Import;

namespace IomapModel.Properties.Import;

/// <summary><c>iomapmodel show</c>: a PNG and an SVG of a shipped workload, the file it shows by default and by
/// <c>--file</c>, and the timeline behind it (mappings of every type the workload makes, each inside the operations).</summary>
public sealed class ShowCommandTests
{
    private static readonly string Capture = RepoPaths.Of("traces", "workloads", "ext4-truncate-punch.tracefs");

    [Theory]
    [InlineData(".png")]
    [InlineData(".svg")]
    public void A_picture_is_drawn_of_the_busiest_file(string extension)
    {
        var output = Path.Combine(Path.GetTempPath(), $"show-{Guid.NewGuid():N}{extension}");
        try
        {
            var (code, stdout, stderr) = CliRunner.Run("show", Capture, "-o", output);
            Assert.True(code == 0, stderr);
            Assert.Equal("", stdout);
            Assert.Contains("(/trunc.dat, ", stderr);
            var bytes = File.ReadAllBytes(output);
            Assert.True(bytes.Length > 20_000, $"only {bytes.Length} bytes");
            if (extension == ".png") Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            else Assert.Contains("<svg", System.Text.Encoding.UTF8.GetString(bytes[..400]));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void A_file_the_workload_does_not_have_is_refused()
    {
        var (code, _, stderr) = CliRunner.Run("show", Capture, "-o", Path.Combine(Path.GetTempPath(), "never.png"), "--file", "nope");
        Assert.Equal(2, code);
        Assert.Contains("has no file '/nope' (it has /trunc.dat, /victim.dat)", stderr);
    }

    [Fact]
    public void The_timeline_holds_every_mapping_type_the_workload_makes_within_its_operations()
    {
        var w = WorkloadImporter.Import(Capture)!;
        var t = WorkloadTimeline.Record(w, MkfsImage.BuildEmpty(w.Mkfs!), "/trunc.dat");
        Assert.Equal(w.Steps.Count, t.Ops);
        Assert.All(t.Spans, s => Assert.True(s.First >= 0 && s.First < s.End && s.End <= t.Ops && s.Length > 0, s.ToString()));
        Assert.Contains(t.Spans, s => s.Type == FuseIomapType.Mapped);
        Assert.Contains(t.Spans, s => s.Type == FuseIomapType.Unwritten);
        Assert.Contains(t.Spans, s => s.Type == FuseIomapType.Hole);
        Assert.True(t.UpcallsOff.Sum() > t.UpcallsOn.Sum());
        Assert.Equal(1266510, t.Size[^1]);
    }
}
