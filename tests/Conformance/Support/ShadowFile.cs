using IomapModel.Harness.Conform;
using IomapModel.KernelSim;
using IomapModel.Workloads.Shadow;

namespace IomapModel.Conformance.Support;

/// <summary>
/// The reference model of one file for the live fuse2fs run: its bytes and size (what reads must return), and the
/// class of every block (<see cref="BlockClass"/>: what fuse2fs's read mapping should say after the daemon wrote).
/// Rules: a write makes the blocks it touches Written; fallocate turns Hole blocks in its range Unwritten (and without
/// KEEP_SIZE extends the size); a punch zeroes its bytes and turns the blocks it covers completely into Holes; a
/// truncate cuts bytes and turns every block from the new EOF block on into Holes (the EOF block itself keeps its
/// class), or extends with zeros and no new blocks.
/// </summary>
public sealed class ShadowFile(long blockSize)
{
    private readonly ShadowBytes _bytes = new();
    private readonly SortedDictionary<long, BlockClass> _blocks = [];

    public long BlockSize { get; } = blockSize;

    public long Size => _bytes.Count;

    public byte[] Bytes => _bytes.ToArray();

    public BlockClass ClassOf(long block) => _blocks.GetValueOrDefault(block, BlockClass.Hole);

    /// <summary>One past the last block that is not a hole (0 when there is none).</summary>
    public long AllocatedEnd => _blocks.Where(kv => kv.Value != BlockClass.Hole).Select(kv => kv.Key + 1).DefaultIfEmpty(0).Max();

    public void Write(long offset, byte[] data)
    {
        if (data.Length == 0) return;
        _bytes.Write(offset, data);
        for (long b = offset / BlockSize; b <= (offset + data.Length - 1) / BlockSize; b++) _blocks[b] = BlockClass.Written;
    }

    public void Truncate(long size)
    {
        if (size < Size)
        {
            long firstGone = (size + BlockSize - 1) / BlockSize;
            foreach (var b in _blocks.Keys.Where(b => b >= firstGone).ToList()) _blocks.Remove(b);
        }
        _bytes.Resize(size);
    }

    public void Fallocate(long offset, long length, bool keepSize)
    {
        for (long b = offset / BlockSize; b <= (offset + length - 1) / BlockSize; b++)
            if (ClassOf(b) == BlockClass.Hole) _blocks[b] = BlockClass.Unwritten;
        if (!keepSize) _bytes.Extend(offset + length);
    }

    public void PunchHole(long offset, long length)
    {
        _bytes.Zero(offset, length);
        for (long b = (offset + BlockSize - 1) / BlockSize; (b + 1) * BlockSize <= offset + length; b++) _blocks.Remove(b);
    }
}
