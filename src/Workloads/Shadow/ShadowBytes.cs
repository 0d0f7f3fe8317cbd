using System.Collections;

namespace IomapModel.Workloads.Shadow;

/// <summary>The reference model of one file's contents that runs check a side against: plain bytes, zero-filled
/// wherever a write, an extension or a punch leaves a gap (<see cref="ShadowFiles"/> applies operations to it).</summary>
public sealed class ShadowBytes : IReadOnlyList<byte>
{
    private readonly List<byte> _bytes;

    public ShadowBytes(IEnumerable<byte>? initial = null) => _bytes = [.. initial ?? []];

    public int Count => _bytes.Count;

    public byte this[int index] => _bytes[index];

    /// <summary>pwrite: the file grows with zeros up to <paramref name="offset"/> when needed.</summary>
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        Extend(offset + data.Length);
        for (int i = 0; i < data.Length; i++) _bytes[(int)offset + i] = data[i];
    }

    /// <summary>truncate: cuts or zero-extends to exactly <paramref name="size"/>.</summary>
    public void Resize(long size)
    {
        if (size < Count) _bytes.RemoveRange((int)size, Count - (int)size);
        else Extend(size);
    }

    /// <summary>Zero-extends to <paramref name="size"/> when the file is shorter (an extending fallocate).</summary>
    public void Extend(long size)
    {
        if (size > Count) _bytes.AddRange(new byte[size - Count]);
    }

    /// <summary>A punch or zero range: the bytes inside the file become zero; the size stays.</summary>
    public void Zero(long offset, long length)
    {
        for (long p = offset; p < Math.Min(offset + length, Count); p++) _bytes[(int)p] = 0;
    }

    /// <summary>fallocate COLLAPSE_RANGE: the bytes past the range move down over it; the file shrinks by its length.</summary>
    public void Collapse(long offset, long length) => _bytes.RemoveRange((int)offset, (int)Math.Min(length, Count - offset));

    /// <summary>fallocate INSERT_RANGE: a zeroed range opens at <paramref name="offset"/>; the bytes from there move up.</summary>
    public void Insert(long offset, long length) => _bytes.InsertRange((int)offset, new byte[length]);

    public byte[] GetRange(long offset, int length) => _bytes.GetRange((int)offset, length).ToArray();

    public byte[] ToArray() => [.. _bytes];

    public IEnumerator<byte> GetEnumerator() => _bytes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
