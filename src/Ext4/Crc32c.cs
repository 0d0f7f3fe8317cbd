using System.Numerics;

namespace IomapModel.Ext4;

/// <summary>The raw CRC32C update ext4 uses for metadata_csum (<c>ext4_chksum</c> = <c>crc32c_le</c>: no pre- or
/// post-inversion; callers start from ~0 or from a seed).</summary>
internal static class Crc32c
{
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data)
            crc = BitOperations.Crc32C(crc, b);
        return crc;
    }

    public static uint Update(uint crc, uint le32)
    {
        Span<byte> b = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(b, le32);
        return Update(crc, b);
    }
}
