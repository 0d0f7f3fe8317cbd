using IomapModel.Ext4;
using IomapModel.KernelSim;
using IomapModel.Servers.Fuse2fs;

namespace IomapModel.Servers;

/// <summary>A server could not be built from the options it was given; <see cref="Exception.Message"/> says what was
/// expected (<c>quirks=seed|intended, not 'x'</c>). Whoever read the options (a schedule's <c>server</c> line) adds
/// where they came from.</summary>
public sealed class ServerSetupException(string expected) : Exception(expected);

/// <summary>The servers a configuration can name by kind, built from <c>key=value</c> options: <c>ext4
/// image=PATH [quirks=seed|intended]</c> is an <see cref="Ext4Server"/> over a private copy of the image's bytes, so
/// replays never touch the file.</summary>
public static class ServerCatalog
{
    public const string Ext4 = "ext4";

    /// <exception cref="ServerSetupException">An unknown kind, a missing or bad option, an unreadable image.</exception>
    /// <exception cref="Ext4CorruptionException">The image is damaged.</exception>
    public static IFuseIomapServer Create(string kind, IReadOnlyDictionary<string, string> options)
    {
        if (kind != Ext4) throw new ServerSetupException($"server {Ext4}, not '{kind}'");
        var quirks = options.GetValueOrDefault("quirks", "seed") switch
        {
            "seed" => Fuse2fsQuirks.Seed,
            "intended" => Fuse2fsQuirks.Intended,
            var q => throw new ServerSetupException($"quirks=seed|intended, not '{q}'"),
        };
        var path = options.GetValueOrDefault("image") ?? throw new ServerSetupException("image=... on the server line");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ServerSetupException($"a readable image file: {e.Message}");
        }
        return new Ext4Server(Ext4Image.Open(bytes), quirks);
    }
}
