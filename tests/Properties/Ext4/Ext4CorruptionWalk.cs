using IomapModel.Ext4;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Properties.Ext4;

/// <summary>Reads everything a server would read from an image: every inode reachable from the root, its layout, its
/// directory entries, and fuse2fs's mapping of each regular file from 0 to EOF.</summary>
public static class Ext4CorruptionWalk
{
    private const int MaxInodes = 10_000;

    /// <summary>Every inode reachable from the root, with its path (each visited once, so directory cycles end).</summary>
    public static IEnumerable<(uint Ino, string Path)> Inodes(Ext4Image image)
    {
        var seen = new HashSet<uint> { Ext4Image.RootIno };
        var queue = new Queue<(uint, string)>([(Ext4Image.RootIno, "/")]);
        while (queue.Count > 0 && seen.Count < MaxInodes)
        {
            var (ino, path) = queue.Dequeue();
            yield return (ino, path);
            var inode = image.ReadInode(ino);
            if (!inode.IsDirectory) continue;
            foreach (var e in image.ReadDirectory(ino))
                if (e.Name is not ("." or "..") && seen.Add(e.Ino))
                    queue.Enqueue((e.Ino, path.TrimEnd('/') + "/" + e.Name));
        }
    }

    /// <summary>Opens and reads the whole image; returns the number of mappings produced.</summary>
    public static int ReadEverything(byte[] bytes)
    {
        using var image = Ext4Image.Open(bytes);
        int maps = 0;
        foreach (var (ino, _) in Inodes(image))
        {
            var inode = image.ReadInode(ino);
            var layout = image.ReadLayout(inode);
            if (!inode.IsRegular) continue;
            ulong pos = 0, size = (ulong)layout.Size;
            for (int step = 0; pos < size && step < 100_000; step++, maps++)
            {
                var map = Fuse2fsMapping.Begin(layout, image.BlockSize, pos, size - pos, 1, Fuse2fsQuirks.Intended);
                if (map.End <= pos) break;
                pos = map.End;
            }
        }
        return maps;
    }
}
