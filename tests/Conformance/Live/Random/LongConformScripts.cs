using IomapModel.Traces.Conform;

namespace IomapModel.Conformance.Live.Random;

/// <summary>
/// The long generated scripts of docs/conform.md ("Long workloads"): 5,000 operations over two files from the random
/// property's generator (<see cref="ConformScriptGen.Long"/>) at a fixed seed, on ext4 with 4 KiB blocks and on ext2
/// with 1 KiB blocks. They are not shipped under traces/ (every shipped script is replayed by the golden tests, and
/// these take a minute each); <c>IOMAPMODEL_CONFORM_LONG_OUT=DIR</c> writes them to DIR
/// (<see cref="Writes_the_long_scripts_where_asked"/>), so anyone can make the same bytes and run them.
/// </summary>
public sealed class LongConformScripts
{
    public const ulong Seed = 15;
    public const int Steps = 5000, Files = 2;
    public const string OutVariable = "IOMAPMODEL_CONFORM_LONG_OUT";

    /// <summary>The scripts by file name: ext4 4 KiB and ext2 1 KiB.</summary>
    public static IReadOnlyList<(string Name, RandomConformScript Script)> All(int steps = Steps) =>
    [
        ($"ext4-4k-{steps}.conform", ConformScriptGen.Long(ConformScriptGen.Filesystems[0], Files, steps, Seed)),
        ($"ext2-1k-{steps}.conform", ConformScriptGen.Long(ConformScriptGen.Filesystems[3], Files, steps, Seed)),
    ];

    [Fact]
    public void Writes_the_long_scripts_where_asked()
    {
        var scripts = All();
        foreach (var (name, script) in scripts)
        {
            Assert.Equal(Steps, script.Ops.Count);
            Assert.Equal(script.Text, ConformScriptGen.Long(script.Mkfs, Files, Steps, Seed).Text);   // the same seed, the same script
            var parsed = ConformScriptParser.Parse(name, new StringReader(script.Text));
            Assert.Equal(Steps, parsed.Ops.Count);
            Assert.Equal(["/a", "/b"], parsed.Paths.Order());
        }
        if (Environment.GetEnvironmentVariable(OutVariable) is not { Length: > 0 } dir) return;
        Directory.CreateDirectory(dir);
        foreach (var (name, script) in scripts) File.WriteAllText(Path.Combine(dir, name), script.Text);
    }
}
