namespace IomapModel.Harness.Host;

/// <summary>Builds real ext2/ext4 images with e2fsprogs' <c>mkfs -d</c> (populates from a directory, no root, no loop
/// device). The source tree and the image file live in a temporary directory that is always deleted; the caller gets
/// the image bytes. A missing mkfs fails the test saying what to install.</summary>
internal static class MkfsImage
{
    /// <param name="mkfs">"mkfs.ext4" or "mkfs.ext2".</param>
    /// <param name="options">Extra mkfs options, e.g. "-b 1024 -O inline_data".</param>
    /// <param name="sizeBytes">Filesystem size.</param>
    /// <param name="populate">Writes the source tree into the directory it is given.</param>
    /// <param name="indexDirectories">Runs <c>e2fsck -fyD</c> afterwards, which rebuilds every directory big enough
    /// as an htree (mkfs -d only writes linear directories).</param>
    public static byte[] Build(string mkfs, string options, long sizeBytes, Action<string> populate, bool indexDirectories = false)
    {
        var dir = Directory.CreateTempSubdirectory("iomapmodel-mkfs-");
        try
        {
            var src = Directory.CreateDirectory(Path.Combine(dir.FullName, "src")).FullName;
            populate(src);
            var image = Path.Combine(dir.FullName, "fs.img");
            // Fixed UUID and hash seed so every run builds the same bytes.
            Run(mkfs, [.. $"-q -F {options} -d {src} {image} {sizeBytes / 1024}k".Split(' ', StringSplitOptions.RemoveEmptyEntries),
                "-U", "2f6a2b4c-1d3e-4f50-8a6b-7c8d9e0f1a2b",
                "-E", "hash_seed=0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d,lazy_itable_init=0"], okExit: 0);
            // e2fsck exits 1 when it changed the filesystem, which -D always does.
            if (indexDirectories) Run("e2fsck", ["-f", "-y", "-D", image], okExit: 1);
            return File.ReadAllBytes(image);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>An empty filesystem made exactly as <paramref name="spec"/> says (the recipe a capture's <c># image:</c>
    /// line records: its own UUID and hash seed), at the fixed clock; a fixed UUID and hash seed are added only when the
    /// options name none, so the same recipe always gives the same bytes.</summary>
    public static byte[] BuildEmpty(Traces.Conform.MkfsSpec spec)
    {
        var dir = Directory.CreateTempSubdirectory("iomapmodel-mkfs-");
        try
        {
            var image = Path.Combine(dir.FullName, "fs.img");
            Run(spec.Tool, [.. Complete(spec).Options, image, $"{spec.SizeBytes / 1024}k"], okExit: 0);
            return File.ReadAllBytes(image);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The recipe <see cref="BuildEmpty"/> really runs: <c>-q -F</c>, and a fixed UUID and hash seed when the
    /// options name none (what a capture's header records).</summary>
    public static Traces.Conform.MkfsSpec Complete(Traces.Conform.MkfsSpec spec)
    {
        var args = new List<string>(spec.Options);
        if (!args.Contains("-F")) args.Insert(0, "-F");
        if (!args.Contains("-q")) args.Insert(0, "-q");
        if (!args.Contains("-U")) args.AddRange(["-U", "2f6a2b4c-1d3e-4f50-8a6b-7c8d9e0f1a2b"]);
        if (!args.Contains("-E")) args.AddRange(["-E", "hash_seed=0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d,lazy_itable_init=0"]);
        return spec with { Options = args };
    }

    /// <summary>Runs an e2fsprogs tool at a fixed clock, so every run builds the same bytes.</summary>
    private static void Run(string name, string[] args, int okExit)
    {
        var r = ToolRunner.Run(name, TimeSpan.FromSeconds(60), FakeTime, args);
        if (r.ExitCode > okExit) throw new InvalidOperationException($"{r.CommandLine} failed with exit code {r.ExitCode}: {r.Stderr}{r.Stdout}");
    }

    private static readonly Dictionary<string, string> FakeTime = new() { ["E2FSPROGS_FAKE_TIME"] = "1700000000" };
}
