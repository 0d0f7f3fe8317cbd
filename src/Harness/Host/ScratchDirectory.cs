namespace IomapModel.Harness.Host;

/// <summary>A temporary directory for images and mount points (<c>/tmp/iomapmodel-conf-*</c>). Dispose first lazily
/// unmounts anything still mounted below it and detaches loop devices backed by files in it, so that deleting it can
/// never reach into a live filesystem; then deletes it.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public const string Prefix = "iomapmodel-conf-";

    public ScratchDirectory() => Path = Directory.CreateTempSubdirectory(Prefix).FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Subdirectory(string name) => Directory.CreateDirectory(File(name)).FullName;

    public void Dispose()
    {
        var problems = LeftoverCleaner.Release(Path);
        if (problems.Count == 0 && Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
        if (problems.Count > 0)
            throw new InvalidOperationException($"could not release everything under {Path}: {string.Join("; ", problems)}");
    }
}
