namespace IomapModel.Workloads;

/// <summary>How the sides name a file of the mount: scripts write <c>/a</c>, schedules <c>a</c>; both are the name
/// <c>a</c> in the mount's root directory.</summary>
internal static class FilePath
{
    public static string Name(string path) => path.TrimStart('/');
}
