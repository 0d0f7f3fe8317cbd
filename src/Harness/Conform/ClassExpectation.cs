namespace IomapModel.Harness.Conform;

/// <summary>Blocks [First, End) of a file where a cause met at <paramref name="Step"/> (a <see cref="KnownDivergence"/>,
/// or the cause a realignment of the live side was done for) makes the live and model block classes differ;
/// <see cref="Live"/> and <see cref="Model"/> limit it to one class pair (null: any).</summary>
internal sealed record ClassExpectation(string Path, long First, long End, CauseId Why, int Step, BlockClass? Live = null, BlockClass? Model = null)
{
    public bool Explains(string path, ClassDifference d) =>
        path == Path && d.First >= First && d.End <= End && (Live is null || Live == d.Live) && (Model is null || Model == d.Model);
}
