namespace IomapModel.Workloads;

/// <summary>The bytes a write stores: <see cref="Length"/> bytes all <see cref="Fill"/> (what scripts write), or given
/// bytes (what generated workloads write). A fill is a description, so a 64 MiB scripted write costs nothing until it
/// runs.</summary>
public sealed record WriteData
{
    private readonly ReadOnlyMemory<byte> _bytes;

    private WriteData(int length, byte? fill, ReadOnlyMemory<byte> bytes)
    {
        Length = length;
        Fill = fill;
        _bytes = bytes;
    }

    public int Length { get; }

    /// <summary>The one value every byte has, for a fill; null for given bytes.</summary>
    public byte? Fill { get; }

    public static WriteData Filled(int length, byte fill) =>
        length >= 0 ? new(length, fill, default) : throw new ArgumentOutOfRangeException(nameof(length), length, "a write cannot be shorter than 0 bytes");

    public static WriteData Of(ReadOnlyMemory<byte> bytes) => new(bytes.Length, null, bytes);

    /// <summary>The same kind of data, <paramref name="length"/> bytes long (a fill stays a fill; given bytes are cut).</summary>
    public WriteData WithLength(int length) => Fill is byte b ? Filled(length, b) : Of(_bytes[..length]);

    public byte[] ToArray()
    {
        if (Fill is not byte b) return _bytes.ToArray();
        var data = new byte[Length];
        Array.Fill(data, b);
        return data;
    }

    public override string ToString() => Fill is byte b ? $"{Length} x 0x{b:x2}" : $"{Length} bytes";
}
