using IomapModel.Workloads;
using IomapModel.Workloads.Live;

namespace IomapModel.Conformance.Support;

/// <summary>Ways of laying a file out through a mounted filesystem, each with real syscalls: sparse writes,
/// fallocate (unwritten extents), punching every other block (extent-tree depth), many small files (htree).</summary>
public static class FileLayouts
{
    /// <summary>Data only in <paramref name="blocks"/> (first block, count), holes everywhere else up to
    /// <paramref name="size"/> bytes (so holes at the start and the end when the ranges leave them).</summary>
    public static void Sparse(string path, long size, long bs, params (long Block, int Count)[] blocks) =>
        TestHost.WriteSparse(path, size, blocks.Select(b => (b.Block * bs, (int)(b.Count * bs))).ToArray());

    /// <summary>A contiguous file of <paramref name="blocks"/> blocks, fsynced, then every other block punched out
    /// (FALLOC_FL_PUNCH_HOLE | KEEP_SIZE): blocks/2 one-block extents, enough to push the extent tree deeper.</summary>
    public static void EveryOtherBlockPunched(string path, long blocks, long bs)
    {
        TestHost.WriteSparse(path, blocks * bs, (0, (int)(blocks * bs)));
        for (long b = 0; b < blocks; b += 2)
            Fallocate(path, FallocMode.PunchHole | FallocMode.KeepSize, b * bs, bs);
    }

    /// <summary>fallocate(mode 0) of [0, allocBlocks), data written over [writeBlock, writeBlock+writeCount), then
    /// fallocate(KEEP_SIZE) of <paramref name="pastEofBlocks"/> blocks after EOF: unwritten, written, unwritten, and
    /// an unwritten extent past i_size.</summary>
    public static void FallocatedThenPartlyWritten(string path, long bs, long allocBlocks, long writeBlock, int writeCount, long pastEofBlocks)
    {
        Fallocate(path, FallocMode.Allocate, 0, allocBlocks * bs);
        using (var s = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            s.Position = writeBlock * bs;
            var data = new byte[writeCount * bs];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + 3);
            s.Write(data);
            s.Flush(flushToDisk: true);
        }
        if (pastEofBlocks > 0) Fallocate(path, FallocMode.KeepSize, (allocBlocks + 4) * bs, pastEofBlocks * bs);
    }

    /// <summary>fallocate(2) that must succeed (creates the file).</summary>
    private static void Fallocate(string path, FallocMode mode, long offset, long length)
    {
        using var files = new LiveFiles(Path.GetDirectoryName(path)!);
        var r = files.Apply(new FileOp.Fallocate(Path.GetFileName(path), mode, offset, length));
        if (r.Ret != 0) throw new IOException($"fallocate({path}, {mode}, {offset}, {length}) failed: {r}");
    }

    /// <summary><paramref name="count"/> small files with long names in a new directory: a few hundred need several
    /// directory blocks, so a dir_index filesystem turns the directory into an htree.</summary>
    public static void ManyFiles(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        for (int i = 0; i < count; i++)
            File.WriteAllText(Path.Combine(dir, $"entry-with-a-rather-long-name-{i:D4}"), $"file {i}\n");
    }
}
