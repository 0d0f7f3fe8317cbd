using Microsoft.Win32.SafeHandles;

namespace IomapModel.Ext4;

/// <summary>Random access to the bytes of an image. Reads are bounds-checked here so that a pointer past the end of
/// the image becomes a corruption error naming the structure that pointed there, never an IO exception.</summary>
internal abstract class ImageBytes : IDisposable
{
    public abstract long Length { get; }

    protected abstract void ReadCore(long offset, Span<byte> buffer);

    /// <summary>Reads <paramref name="buffer"/>.Length bytes at <paramref name="offset"/> for <paramref name="structure"/>.</summary>
    public void Read(long offset, Span<byte> buffer, string structure)
    {
        if (offset < 0 || offset > Length - buffer.Length)
            throw new Ext4CorruptionException(structure, offset, $"{buffer.Length} bytes past the end of the image ({Length} bytes)");
        ReadCore(offset, buffer);
    }

    public byte[] Read(long offset, int length, string structure)
    {
        var b = new byte[length];
        Read(offset, b, structure);
        return b;
    }

    public virtual void Dispose() { }

    public static ImageBytes OfFile(string path) => new FileBytes(path);

    public static ImageBytes OfArray(byte[] bytes) => new ArrayBytes(bytes);

    private sealed class FileBytes(string path) : ImageBytes
    {
        private readonly SafeFileHandle _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);

        public override long Length => RandomAccess.GetLength(_handle);

        protected override void ReadCore(long offset, Span<byte> buffer)
        {
            int done = 0;
            while (done < buffer.Length)
            {
                int n = RandomAccess.Read(_handle, buffer[done..], offset + done);
                if (n <= 0) throw new IOException($"short read at {offset + done}");
                done += n;
            }
        }

        public override void Dispose() => _handle.Dispose();
    }

    private sealed class ArrayBytes(byte[] bytes) : ImageBytes
    {
        public override long Length => bytes.LongLength;

        protected override void ReadCore(long offset, Span<byte> buffer) => bytes.AsSpan((int)offset, buffer.Length).CopyTo(buffer);
    }
}
