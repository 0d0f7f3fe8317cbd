using IomapModel.Traces.Conform;

namespace IomapModel.Conformance.Live.Random;

/// <summary>One empty image file per <see cref="MkfsSpec"/>, built once (MkfsImage: fixed UUID and hash seed, so the
/// same bytes the script's mkfs line builds) and handed to the engine as <c>--image</c>, which copies it per run.
/// Everything lives in one <see cref="ScratchDirectory"/>, deleted on Dispose.</summary>
public sealed class MkfsImageFiles : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public string PathOf(MkfsSpec spec)
    {
        var key = spec.ToString();
        if (_files.TryGetValue(key, out var path)) return path;
        path = _scratch.File($"image{_files.Count}.img");
        File.WriteAllBytes(path, MkfsImage.Build(spec.Tool, spec.OptionText, spec.SizeBytes, _ => { }));
        return _files[key] = path;
    }

    public void Dispose() => _scratch.Dispose();
}
