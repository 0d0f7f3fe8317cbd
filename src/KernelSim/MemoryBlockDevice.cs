namespace IomapModel.KernelSim;

/// <summary>An in-memory block device; <see cref="OnWrite"/> lets tests audit every bio the kernel issues.</summary>
public sealed class MemoryBlockDevice(uint id, ulong size) : IBlockDevice
{
    private readonly byte[] _bytes = new byte[checked((int)size)];

    public uint Id { get; } = id;
    public ulong Size { get; } = size;

    /// <summary>Called before every write with (addr, length).</summary>
    public Action<ulong, int>? OnWrite { get; set; }

    public void Read(ulong addr, Span<byte> buffer) => _bytes.AsSpan(checked((int)addr), buffer.Length).CopyTo(buffer);

    public void Write(ulong addr, ReadOnlySpan<byte> data)
    {
        OnWrite?.Invoke(addr, data.Length);
        data.CopyTo(_bytes.AsSpan(checked((int)addr), data.Length));
    }
}
