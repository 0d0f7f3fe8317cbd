namespace IomapModel.Harness.Conform;

/// <summary>How a <see cref="ConformRun"/> runs its script beyond the defaults of <c>iomapmodel conform</c>.</summary>
public sealed record ConformOptions
{
    /// <summary>Unmount after every step (the daemon exits; only then is the live image complete), hand the image to
    /// <see cref="AfterUnmount"/>, and mount it again for the next step, so every step's data must also survive a
    /// daemon restart.</summary>
    public bool RemountEachStep { get; init; }

    /// <summary>With <see cref="RemountEachStep"/>: called while the live image is unmounted after each step.</summary>
    public Action<ConformCheckpoint>? AfterUnmount { get; init; }
}

/// <summary>The state after step <paramref name="Step"/> with the live image unmounted: the image file (complete, not
/// to be modified), every file the steps so far touched, the model, and what the live classic fuse2fs is predicted
/// to have mapped (<see cref="LiveExtentShadow"/>).</summary>
public sealed record ConformCheckpoint(int Step, string LiveImage, IReadOnlyList<string> Touched, ModelSide Model, LiveExtentShadow LivePrediction);
