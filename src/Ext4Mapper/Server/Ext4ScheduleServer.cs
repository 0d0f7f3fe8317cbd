using IomapModel.KernelSim;
using IomapModel.KernelSim.Scheduling;

namespace IomapModel.Ext4Mapper.Server;

/// <summary>Builds the server a schedule's <c>server ext4 image=PATH [quirks=seed|intended]</c> line asks for: an
/// <see cref="Ext4Server"/> over a private copy of the image's bytes, so replays never touch the file.</summary>
public static class Ext4ScheduleServer
{
    public const string Kind = "ext4";

    public static IFuseIomapServer Create(ScheduleServerSpec spec)
    {
        if (spec.Kind != Kind) throw new ScheduleScriptException($"{spec.Source}: expected server {Kind}, not '{spec.Kind}'");
        var quirks = spec.Options.GetValueOrDefault("quirks", "seed") switch
        {
            "seed" => Fuse2fsQuirks.Seed,
            "intended" => Fuse2fsQuirks.Intended,
            var q => throw new ScheduleScriptException($"{spec.Source}: expected quirks=seed|intended, not '{q}'"),
        };
        var path = spec.Require("image");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ScheduleScriptException($"{spec.Source}: expected a readable image file: {e.Message}");
        }
        return new Ext4Server(Ext4Image.Open(bytes), quirks);
    }
}
