
namespace IomapModel.Conformance.Support;

/// <summary>
/// An image made by mkfs (<see cref="MkfsImage"/>, deterministic UUID and hash seed), populated by the kernel through a
/// loop mount, with everything the kernel showed recorded before unmounting: every regular file's inode number, size,
/// bytes and FIEMAP, and every directory's entry names. After <see cref="Build"/> returns the image is unmounted and
/// complete, ready for debugfs and the mapper. Dispose deletes it (and releases anything left behind).
/// </summary>
public sealed class KernelImage : IDisposable
{
    private readonly ScratchDirectory _scratch;

    private KernelImage(ScratchDirectory scratch, string image, IReadOnlyList<KernelObservedFile> files, IReadOnlyDictionary<string, IReadOnlyList<string>> dirs)
    {
        _scratch = scratch;
        ImagePath = image;
        Files = files;
        Directories = dirs;
    }

    public string ImagePath { get; }

    /// <summary>Every regular file except those under /lost+found, ordered by path.</summary>
    public IReadOnlyList<KernelObservedFile> Files { get; }

    /// <summary>Every directory (absolute path) with the names the kernel listed in it, "." and ".." excluded.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Directories { get; }

    public KernelObservedFile File(string path) => Files.Single(f => f.Path == path);

    /// <param name="mkfs">mkfs.ext4, mkfs.ext3 or mkfs.ext2.</param>
    /// <param name="options">mkfs options (block size, features).</param>
    /// <param name="sizeBytes">Filesystem size.</param>
    /// <param name="fsType">Type for mount -t, or null to let mount probe.</param>
    /// <param name="populate">Writes the files through the mounted directory it is given.</param>
    public static KernelImage Build(string mkfs, string options, long sizeBytes, string? fsType, Action<string> populate)
    {
        ConformanceEnvironment.Require(Needs.LoopMount);
        var scratch = new ScratchDirectory();
        try
        {
            var image = scratch.File("fs.img");
            System.IO.File.WriteAllBytes(image, MkfsImage.Build(mkfs, options, sizeBytes, _ => { }));
            var files = new List<KernelObservedFile>();
            var dirs = new Dictionary<string, IReadOnlyList<string>>();
            using (var mount = LoopMount.Mount(image, scratch.Subdirectory("mnt"), fsType))
            {
                var root = mount.Directory;
                populate(root);
                TestHost.Checked("sync", "-f", root);
                string Rel(string full) => "/" + System.IO.Path.GetRelativePath(root, full);
                var paths = System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                    .Where(p => !Rel(p).StartsWith("/lost+found/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
                var fiemap = Filefrag.Of(paths);
                var stats = StatAll(paths);
                foreach (var p in paths)
                    files.Add(new KernelObservedFile(Rel(p), stats[p].Ino, stats[p].Size, System.IO.File.ReadAllBytes(p), fiemap[p]));
                foreach (var d in System.IO.Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Prepend(root))
                {
                    if (Rel(d).StartsWith("/lost+found/", StringComparison.Ordinal)) continue;
                    var name = d == root ? "/" : Rel(d);
                    dirs[name] = System.IO.Directory.EnumerateFileSystemEntries(d).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;
                }
            }
            return new KernelImage(scratch, image, files, dirs);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    /// <summary>st_ino and st_size of many files with one <c>stat</c> run.</summary>
    private static Dictionary<string, (ulong Ino, long Size)> StatAll(IReadOnlyList<string> paths)
    {
        var result = new Dictionary<string, (ulong, long)>();
        if (paths.Count == 0) return result;
        var r = TestHost.Checked("stat", ["--printf", "%i %s %n\n", .. paths]);
        foreach (var line in r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', 3);
            result[parts[2]] = (ulong.Parse(parts[0]), long.Parse(parts[1]));
        }
        return result;
    }

    public void Dispose() => _scratch.Dispose();
}
