namespace IomapModel.Support;

/// <summary>What only the tests do with the host tools: run one that must succeed, insist that an image is clean,
/// write sparse source files for mkfs, and list what any live test left on the machine.</summary>
public static class TestHost
{
    /// <summary>Runs a tool and throws with everything it printed unless it exits 0.</summary>
    public static ToolResult Checked(string tool, params string[] args)
    {
        var r = ToolRunner.Run(tool, args);
        if (r.ExitCode != 0) throw new InvalidOperationException(r.ToString());
        return r;
    }

    /// <summary>Throws with e2fsck's whole report unless it finds the image clean (exit 0).</summary>
    public static void AssertClean(string image)
    {
        var r = E2fsck.Check(image);
        if (r.ExitCode != 0) throw new InvalidOperationException($"e2fsck -fn {image} is not clean: {r}");
    }

    /// <summary>Writes <paramref name="blocks"/> (offset, length) ranges of deterministic non-zero bytes; the file is
    /// sparse everywhere else and <paramref name="size"/> long.</summary>
    public static void WriteSparse(string path, long size, params (long Offset, int Length)[] blocks)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength(size);
        foreach (var (offset, length) in blocks)
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++) data[i] = (byte)((offset + i) * 31 % 251 + 1);
            f.Position = offset;
            f.Write(data);
        }
    }

    /// <summary>Everything any live test left on the machine: mounts and loop devices under $TMPDIR/iomapmodel-conf-*.</summary>
    public static IReadOnlyList<string> Leftovers()
    {
        var tmp = Path.GetFullPath(Path.GetTempPath()).TrimEnd('/') + "/" + ScratchDirectory.Prefix;
        var list = MountTable.Under(tmp).Select(m => $"mount {m.MountPoint} ({m.FsType} from {m.Source})").ToList();
        list.AddRange(LoopDevices.Attached().Where(a => a.BackingFile.StartsWith(tmp, StringComparison.Ordinal)).Select(a => $"loop device {a.Device} on {a.BackingFile}"));
        return list;
    }
}
