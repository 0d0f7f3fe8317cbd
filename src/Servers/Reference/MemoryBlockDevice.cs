using IomapModel.KernelSim;

namespace IomapModel.Servers.Reference;

/// <summary>An in-memory block device (the reference server's disk).</summary>
public sealed class MemoryBlockDevice(uint id, ulong size) : IBlockDevice
{
    private readonly byte[] _bytes = new byte[checked((int)size)];

    public uint Id { get; } = id;
    public ulong Size { get; } = size;

    public void Read(ulong addr, Span<byte> buffer) => _bytes.AsSpan(checked((int)addr), buffer.Length).CopyTo(buffer);

    public void Write(ulong addr, ReadOnlySpan<byte> data) => data.CopyTo(_bytes.AsSpan(checked((int)addr), data.Length));
}
