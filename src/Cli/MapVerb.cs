using System.CommandLine;
using IomapModel.Ext4;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel map IMAGE PATH</c>: the mappings fuse2fs would answer for a file of an ext4 image, from offset
/// 0 to EOF, one line per FUSE_IOMAP_BEGIN answer (holes included), in the form replay prints lookups.</summary>
internal static class MapVerb
{
    public static Command Create()
    {
        var image = new Argument<FileInfo>("image") { Description = "an ext2/ext3/ext4 image file (opened read-only)" };
        var path = new Argument<string>("path") { Description = "absolute path of a file inside the image, e.g. /dir/file" };
        var intended = new Option<bool>("--intended") { Description = "answer as fuse2fs meant to (no RFC v3 block-map quirks Q1-Q3)" };
        var summary = new Option<bool>("--layout") { Description = "print the on-disk extents instead of the iomap answers" };
        var command = new Command("map", "Print a file's iomap mappings as fuse2fs answers them") { image, path, intended, summary };
        command.SetAction(parse => Run(parse.GetValue(image)!, parse.GetValue(path)!, parse.GetValue(intended), parse.GetValue(summary)));
        return command;
    }

    private static int Run(FileInfo imageFile, string path, bool intended, bool layoutOnly)
    {
        if (!imageFile.Exists)
        {
            Console.Error.WriteLine($"{imageFile.FullName}: no such image file");
            return 2;
        }
        try
        {
            using var image = Ext4Image.Open(imageFile.FullName);
            var layout = image.ReadLayout(image.LookupPath(path));
            if (layoutOnly)
            {
                Console.WriteLine($"ino={layout.Ino} kind={layout.Kind} size={layout.Size} depth={layout.TreeDepth} inline={layout.InlineSize}");
                foreach (var e in layout.Extents)
                    Console.WriteLine($"lblk={e.LogicalBlock} len={e.Length} pblk={e.PhysicalBlock}{(e.Unwritten ? " unwritten" : "")}");
                return 0;
            }
            foreach (var map in Walk(layout, image.BlockSize, intended ? Fuse2fsQuirks.Intended : Fuse2fsQuirks.Seed))
                Console.WriteLine(map);
            return 0;
        }
        catch (Ext4CorruptionException e)
        {
            Console.Error.WriteLine($"{imageFile.Name}: corrupt image: {e.Message}");
            return 2;
        }
        catch (FileNotFoundException e)
        {
            Console.Error.WriteLine($"{imageFile.Name}: {e.Message}");
            return 2;
        }
    }

    /// <summary>Asks for [pos, EOF) and moves on to the end of each answer, as a FIEMAP of the whole file would.</summary>
    private static IEnumerable<FuseIomap> Walk(Ext4FileLayout layout, uint blockSize, Fuse2fsQuirks quirks)
    {
        ulong pos = 0, size = (ulong)layout.Size;
        while (pos < size)
        {
            var map = Fuse2fsMapping.Begin(layout, blockSize, pos, size - pos, Ext4ImageDevice.FirstId, quirks);
            yield return map;
            ulong next = map.End;
            if (next <= pos) yield break;
            pos = next;
        }
    }
}
