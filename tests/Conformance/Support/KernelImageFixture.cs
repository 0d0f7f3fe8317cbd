namespace IomapModel.Conformance.Support;

/// <summary>A class fixture holding one <see cref="KernelImage"/>, built on first use (so a skipped class never builds
/// it, and a build failure — e.g. not root — fails every test that asks, with the same message).</summary>
public abstract class KernelImageFixture : IDisposable
{
    private readonly Lazy<KernelImage> _image;

    protected KernelImageFixture() => _image = new Lazy<KernelImage>(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public KernelImage Image => _image.Value;

    /// <summary>The block size the scenario asked mkfs for.</summary>
    public abstract long BlockSize { get; }

    protected abstract KernelImage Build();

    public void Dispose()
    {
        if (_image.IsValueCreated) _image.Value.Dispose();
        GC.SuppressFinalize(this);
    }
}
