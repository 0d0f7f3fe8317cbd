namespace IomapModel.Support;

/// <summary>Finds files of the repository (traces, docs) from the test's output directory.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "IomapModel.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"IomapModel.sln not found above {AppContext.BaseDirectory}");
    }
}
