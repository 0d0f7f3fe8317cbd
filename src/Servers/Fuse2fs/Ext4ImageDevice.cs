using IomapModel.Ext4;
using IomapModel.KernelSim;

namespace IomapModel.Servers.Fuse2fs;

/// <summary>The block device fuse2fs registers (FUSE_DEV_IOC_IOMAP_DEV_ADD), backed by the image: reads come from the
/// image, writes land in an in-memory copy-on-write overlay so the image file is never modified.</summary>
public sealed class Ext4ImageDevice(Ext4Image image, uint id = Ext4ImageDevice.FirstId) : IBlockDevice
{
    /// <summary>The cookie the kernel hands out for the first device (<c>idr_alloc_cyclic(..., 1, 0, ...)</c>).</summary>
    public const uint FirstId = 1;

    private readonly Dictionary<long, byte[]> _overlay = [];
    private readonly uint _bs = image.BlockSize;

    public uint Id { get; } = id;

    public ulong Size { get; } = image.Superblock.BlocksCount * image.BlockSize;

    /// <summary>Blocks written since the image was opened.</summary>
    public int DirtyBlocks => _overlay.Count;

    public void Read(ulong addr, Span<byte> buffer)
    {
        Check(addr, buffer.Length);
        for (int done = 0; done < buffer.Length;)
        {
            long block = (long)((addr + (ulong)done) / _bs);
            int inBlock = (int)((addr + (ulong)done) % _bs), n = Math.Min((int)_bs - inBlock, buffer.Length - done);
            if (_overlay.TryGetValue(block, out var data)) data.AsSpan(inBlock, n).CopyTo(buffer[done..]);
            else image.ReadBytes(block * _bs + inBlock, buffer.Slice(done, n), $"device block {block}");
            done += n;
        }
    }

    public void Write(ulong addr, ReadOnlySpan<byte> data)
    {
        Check(addr, data.Length);
        for (int done = 0; done < data.Length;)
        {
            long block = (long)((addr + (ulong)done) / _bs);
            int inBlock = (int)((addr + (ulong)done) % _bs), n = Math.Min((int)_bs - inBlock, data.Length - done);
            if (!_overlay.TryGetValue(block, out var copy))
            {
                copy = new byte[_bs];
                image.ReadBytes(block * _bs, copy, $"device block {block}");
                _overlay[block] = copy;
            }
            data.Slice(done, n).CopyTo(copy.AsSpan(inBlock));
            done += n;
        }
    }

    private void Check(ulong addr, int length)
    {
        if (addr > Size || (ulong)length > Size - addr)
            throw new ArgumentOutOfRangeException(nameof(addr), $"IO [{addr}, +{length}) past the end of the {Size}-byte device");
    }
}
