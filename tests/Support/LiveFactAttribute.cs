namespace IomapModel.Support;

/// <summary>A fact that needs real kernel features. It reports itself skipped only when the machine truly lacks them
/// (<see cref="ConformanceEnvironment.SkipReason"/>); otherwise it runs, and the test calls
/// <see cref="ConformanceEnvironment.Require"/> (through its fixture) so that a missing permission, device node or
/// tool fails it with a message naming what is missing.</summary>
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute(Needs needs)
    {
        Needs = needs;
        Skip = ConformanceEnvironment.SkipReason(needs);
    }

    public Needs Needs { get; }
}

/// <summary>A theory that needs real kernel features, skipped or failed as <see cref="LiveFactAttribute"/> says.</summary>
public sealed class LiveTheoryAttribute : TheoryAttribute
{
    public LiveTheoryAttribute(Needs needs)
    {
        Needs = needs;
        Skip = ConformanceEnvironment.SkipReason(needs);
    }

    public Needs Needs { get; }
}
