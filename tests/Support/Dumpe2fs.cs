using System.Text.RegularExpressions;
using IomapModel.Harness.Host;

namespace IomapModel.Support;

/// <summary>The free blocks of an image according to e2fsprogs' own <c>dumpe2fs</c> (libext2fs reads the bitmaps and
/// works out BLOCK_UNINIT groups itself): an oracle independent of the model's bitmap reader. The image is written to
/// a scratch file that is always deleted.</summary>
public static partial class Dumpe2fs
{
    public static HashSet<long> FreeBlocks(byte[] image)
    {
        using var scratch = new ScratchDirectory();
        var path = scratch.File("fs.img");
        File.WriteAllBytes(path, image);
        var text = TestHost.Checked("dumpe2fs", path).Stdout;
        var free = new HashSet<long>();
        foreach (Match m in FreeLine().Matches(text))
            foreach (var part in m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var ends = part.Split('-');
                long lo = long.Parse(ends[0]), hi = long.Parse(ends[^1]);
                for (long b = lo; b <= hi; b++) free.Add(b);
            }
        return free;
    }

    [GeneratedRegex(@"^\s+Free blocks: ([0-9, -]*)$", RegexOptions.Multiline)]
    private static partial Regex FreeLine();
}
