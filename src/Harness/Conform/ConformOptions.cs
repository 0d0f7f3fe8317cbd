namespace IomapModel.Harness.Conform;

/// <summary>How a <see cref="ConformRun"/> runs its script beyond the defaults of <c>iomapmodel conform</c>.</summary>
public sealed record ConformOptions
{
    /// <summary>The default of <see cref="ShrinkBudget"/>.</summary>
    public static readonly TimeSpan DefaultShrinkBudget = TimeSpan.FromMinutes(5);

    /// <summary>Unmount after every step (the daemon exits; only then is the live image complete), hand the image to
    /// <see cref="AfterUnmount"/>, and mount it again for the next step, so every step's data must also survive a
    /// daemon restart.</summary>
    public bool RemountEachStep { get; init; }

    /// <summary>With <see cref="RemountEachStep"/>: called while the live image is unmounted after each step.</summary>
    public Action<ConformCheckpoint>? AfterUnmount { get; init; }

    /// <summary>Where to write the shrunk script of every cause that is not known (<see cref="CauseShrinker"/>); null:
    /// do not shrink.</summary>
    public string? ShrinkTo { get; init; }

    /// <summary>How long shrinking may take in all; it stops early (and says so) when this is spent.</summary>
    public TimeSpan ShrinkBudget { get; init; } = DefaultShrinkBudget;

    /// <summary>The command line that ran the script, for the shrunk scripts' provenance (null: not known).</summary>
    public string? Command { get; init; }

    /// <summary>A deliberate bug in the model, for debugging the engine (<see cref="Conform.ModelFault"/>).</summary>
    public ModelFault ModelFault { get; init; }

    /// <summary>Stop right after the step where the cause with this key first shows (no checks after unmount): what
    /// a shrinking candidate needs to know.</summary>
    internal string? StopAt { get; init; }
}

/// <summary>The state after step <paramref name="Step"/> with the live image unmounted: the image file (complete, not
/// to be modified), every file the steps so far touched, the model, and what the live classic fuse2fs is predicted
/// to have mapped (<see cref="LiveExtentShadow"/>).</summary>
public sealed record ConformCheckpoint(int Step, string LiveImage, IReadOnlyList<string> Touched, ModelSide Model, LiveExtentShadow LivePrediction);
