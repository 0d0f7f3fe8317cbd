using IomapModel.Conformance.Support;
using Xunit.Abstractions;

namespace IomapModel.Conformance.Live;

/// <summary>The cost of a FUSE round trip to the real fuse2fs, from the kernel's fuse_request_send/fuse_request_end
/// tracepoints: the number the README tables compare try_cache against. Asserts only what the trace must contain
/// (every request paired, the reads there, no errors); the times go to the test output, never into an assertion.</summary>
[Collection(LiveCollection.Name)]
public sealed class FuseRoundTripTests(ITestOutputHelper output)
{
    [LiveFact(Needs.Fuse2fs | Needs.Tracefs)]
    public void Every_traced_request_to_fuse2fs_is_answered_and_reads_are_measured()
    {
        const int Reads = 50;
        using var scratch = new ScratchDirectory();
        var image = scratch.File("fs.img");
        File.WriteAllBytes(image, MkfsImage.Build("mkfs.ext4", "-b 4096", 16L << 20, _ => { }));
        FuseRequestTrace trace;
        using (var mount = Fuse2fsMount.Mount(image, scratch.File("mnt")))
        {
            File.WriteAllBytes(mount.PathOf("f"), [.. Enumerable.Range(0, Reads * 4096).Select(i => (byte)(i * 13 % 251 + 1))]);
            using (var session = new TracefsSession())
            {
                // O_DIRECT: the page cache survives reopening on this kernel, so buffered reads would never reach the daemon.
                TestHost.Checked("dd", $"if={mount.PathOf("f")}", "of=/dev/null", "bs=4096", $"count={Reads}", "iflag=direct");
                trace = FuseRequestTrace.Parse(session.Read());
            }
        }
        Assert.True(trace.Unpaired.Count == 0, string.Join("; ", trace.Unpaired.Take(10)));
        var reads = trace.RoundTrips.Where(r => r.Opcode == "FUSE_READ").ToList();
        Assert.True(reads.Count >= Reads, $"{reads.Count} FUSE_READ round trips traced for {Reads} direct reads");
        Assert.All(trace.RoundTrips.Where(r => r.Opcode is "FUSE_READ" or "FUSE_OPEN"), r => Assert.Equal(0, r.Error));
        foreach (var g in trace.RoundTrips.GroupBy(r => r.Opcode).OrderBy(g => g.Key))
        {
            var us = g.Select(r => r.Microseconds).Order().ToList();
            output.WriteLine($"{g.Key,-14} n={us.Count,4} median={us[us.Count / 2],8:F1} us  p90={us[(int)(us.Count * 0.9)],8:F1} us");
        }
    }
}
