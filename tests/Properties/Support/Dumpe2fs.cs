using System.Diagnostics;
using System.Text.RegularExpressions;

namespace IomapModel.Properties.Support;

/// <summary>The free blocks of an image according to e2fsprogs' own <c>dumpe2fs</c> (libext2fs reads the bitmaps and
/// works out BLOCK_UNINIT groups itself): an oracle independent of the model's bitmap reader. The image is written to
/// a temporary file that is always deleted.</summary>
public static partial class Dumpe2fs
{
    public static HashSet<long> FreeBlocks(byte[] image)
    {
        var dir = Directory.CreateTempSubdirectory("iomapmodel-dumpe2fs-");
        try
        {
            var path = Path.Combine(dir.FullName, "fs.img");
            File.WriteAllBytes(path, image);
            var psi = new ProcessStartInfo(FindTool()) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"dumpe2fs failed ({p.ExitCode}): {stderr.Result}");
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
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"^\s+Free blocks: ([0-9, -]*)$", RegexOptions.Multiline)]
    private static partial Regex FreeLine();

    private static string FindTool() =>
        new[] { "/usr/sbin/dumpe2fs", "/sbin/dumpe2fs", "/usr/bin/dumpe2fs" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("dumpe2fs is missing: install e2fsprogs (./test.sh installs it)");
}
