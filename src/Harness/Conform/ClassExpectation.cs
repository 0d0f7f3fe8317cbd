namespace IomapModel.Harness.Conform;

/// <summary>Blocks [First, End) of a file where a <see cref="KnownDivergence"/> seen during the run makes the live and
/// model block classes differ; <see cref="Model"/> limits it to one model class (null: any pair).</summary>
internal sealed record ClassExpectation(string Path, long First, long End, KnownDivergence Why, BlockClass? Live = null, BlockClass? Model = null)
{
    public bool Explains(string path, ClassDifference d) =>
        path == Path && d.First >= First && d.End <= End && (Live is null || Live == d.Live) && (Model is null || Model == d.Model);
}
