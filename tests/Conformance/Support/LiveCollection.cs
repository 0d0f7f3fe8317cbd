namespace IomapModel.Conformance.Support;

/// <summary>Every live test runs in this one collection: one at a time (loop devices, mounts and tracefs are
/// machine-wide), and after the last one <see cref="LeftoverGuard"/> checks that nothing was left behind.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveCollection : ICollectionFixture<LeftoverGuard>
{
    public const string Name = "live";
}

/// <summary>The final check: after all live tests, no mount and no loop device of ours may remain (the equivalent of
/// looking at <c>mount</c> and <c>losetup -a</c>). Anything found is released, and the run fails naming it.</summary>
public sealed class LeftoverGuard : IDisposable
{
    public void Dispose()
    {
        if (!OperatingSystem.IsLinux()) return;
        var left = TestHost.Leftovers();
        if (left.Count == 0) return;
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), ScratchDirectory.Prefix + "*"))
            LeftoverCleaner.Release(dir);
        throw new InvalidOperationException("live conformance tests left state behind: " + string.Join("; ", left));
    }
}
