using IomapModel.Workloads;

namespace IomapModel.Traces.Schedule;

/// <summary>Parses <c>ksim-schedule v1</c> (<see cref="ScheduleScript"/>) on <see cref="TraceReader"/>: every word is
/// checked here, including that the files and actors a line names are declared, so a replay never stops on a
/// malformed line.</summary>
public static class ScheduleScriptParser
{
    public static ScheduleScript ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(path, reader);
    }

    public static ScheduleScript Parse(string file, TextReader reader)
    {
        var settings = new ScheduleSettings();
        ScheduleServerSpec? server = null;
        var files = new List<string>();
        var setup = new List<ScheduleSetup>();
        var actors = new List<ScheduleActor>();
        var order = new List<(TraceLine Line, string Id)>();
        var expectations = new List<ScheduleExpectation>();
        var named = new List<(TraceLine Line, string File)>();
        TraceLine? last = null;
        foreach (var l in TraceReader.Read(file, reader, TraceReader.ScheduleHeader))
        {
            last = l;
            switch (l.Verb)
            {
                case "fs":
                    settings = Fs(l, settings);
                    break;
                case "server" when l.Count == 1:
                    var options = l.NamedWords.ToDictionary(kv => kv.Key,
                        kv => kv.Key == "image" ? Path.GetFullPath(kv.Value, Path.GetDirectoryName(Path.GetFullPath(file))!) : kv.Value, StringComparer.Ordinal);
                    server = new ScheduleServerSpec(l.Word(0), options, file, l.Number);
                    break;
                case "file" when l.Count == 1:
                    l.ExpectNoNames();
                    files.Add(l.Word(0));
                    break;
                case "setup" when l.Count >= 2:
                    l.ExpectNoNames();
                    setup.Add(new ScheduleSetup(l.Number, string.Join(' ', l.Words), Setup(l)));
                    named.Add((l, l.Word(1)));
                    break;
                case "actor" when l.Count >= 3:
                    l.ExpectNoNames();
                    actors.Add(new ScheduleActor(l.Number, l.Word(0), Actor(l)));
                    named.Add((l, l.Word(2)));
                    break;
                case "schedule":
                    l.ExpectNoNames();
                    order.AddRange(Enumerable.Range(0, l.Count).Select(i => (l, l.Word(i))));
                    break;
                case "expect" when l.Count == 2:
                    l.ExpectNoNames();
                    if (!ScheduleScript.ExpectKeys.Contains(l.Word(0))) throw l.Error($"expected {string.Join('|', ScheduleScript.ExpectKeys)}");
                    expectations.Add(new ScheduleExpectation(l.Number, l.Word(0), l.Word(1)));
                    break;
                default:
                    throw l.Error("expected fs, server KIND..., file NAME, setup OP..., actor ID OP..., schedule ID..., or expect KEY VALUE");
            }
        }
        foreach (var (l, id) in order)
            if (id != "ioend" && actors.All(a => a.Id != id)) throw l.Error($"expected schedule to name declared actors, not '{id}'");
        foreach (var (l, name) in named)
            if (!files.Contains(name)) throw l.Error($"expected a declared file, not '{name}'");
        if (server is not null && actors.FirstOrDefault(a => a.Work is ScheduleWork.Remap) is { } remap)
            throw new TraceSyntaxException(file, remap.Line, "expected remap only with the reference server (no server line)");
        if (files.Count == 0) throw new TraceSyntaxException(file, last?.Number ?? 1, "expected at least one 'file NAME' line");
        return new ScheduleScript(file, settings, server, files, setup, actors, [.. order.Select(o => o.Id)], expectations);
    }

    private static ScheduleSettings Fs(TraceLine l, ScheduleSettings s)
    {
        l.Expect(0, "fs KEY=VALUE...");
        var blockSize = l.HasName("blocksize") ? l.NamedUnsigned("blocksize") : s.BlockSize;
        if (blockSize < 512 || blockSize > 65536 || (blockSize & (blockSize - 1)) != 0)
            throw l.Error($"expected blocksize a power of two from 512 to 65536, got {blockSize}");
        s = s with
        {
            BlockSize = (uint)blockSize,
            Revalidate = OnOff(l, "revalidate", s.Revalidate),
            UpcallCookie = OnOff(l, "upcall_cookie", s.UpcallCookie),
            ServerCache = OnOff(l, "server_cache", s.ServerCache),
            FlushBeforeTruncate = OnOff(l, "flush_before_truncate", s.FlushBeforeTruncate),
            ServerReplyNull = l.NamedWord("server_reply") switch
            {
                null => s.ServerReplyNull,
                "null" => true,
                "map" => false,
                _ => throw l.Error("expected server_reply=null|map"),
            },
        };
        l.RejectUnusedNames("blocksize, revalidate, upcall_cookie, server_cache, server_reply or flush_before_truncate");
        return s;
    }

    private static bool OnOff(TraceLine l, string key, bool fallback) => l.NamedWord(key) switch
    {
        null => fallback,
        "on" => true,
        "off" => false,
        var v => throw l.Error($"expected {key}=on|off, got '{v}'"),
    };

    /// <summary><c>setup OP NAME ...</c>: the words after "setup".</summary>
    private static ScheduleWork Setup(TraceLine l)
    {
        string name = l.Word(1);
        return l.Word(0) switch
        {
            "write" when l.Count == 5 => Op(Write(l, name, 2)),
            "fsync" when l.Count == 2 => Op(new FileOp.Fsync(name)),
            "evict" when l.Count == 2 => Op(new FileOp.Evict(name)),
            "read" when l.Count == 4 => Op(new FileOp.Read(name, l.Signed(2, "OFF"), Int(l, 3, "LEN"))),
            "inval" when l.Count == 4 => new ScheduleWork.Inval(name, l.Unsigned(2, "OFF"), l.Length(3, "LEN")),
            "fallocate" when l.Count == 5 => Op(new FileOp.Fallocate(name, l.Word(4) switch
            {
                "alloc" => FallocMode.Allocate,
                "keep_size" => FallocMode.KeepSize,
                "punch" => FallocMode.PunchHole | FallocMode.KeepSize,
                "zero" => FallocMode.ZeroRange,
                _ => throw l.Error("expected fallocate mode alloc|keep_size|punch|zero"),
            }, l.Signed(2, "OFF"), l.Signed(3, "LEN"))),
            _ => throw l.Error("expected setup write|fsync|evict|read|inval|fallocate with its arguments"),
        };
    }

    /// <summary><c>actor ID OP NAME ...</c>: the words after "actor".</summary>
    private static ScheduleWork Actor(TraceLine l)
    {
        string name = l.Word(2);
        return l.Word(1) switch
        {
            "writeback" when l.Count == 3 => Op(new FileOp.Writeback(name)),
            "writeback" when l.Count == 5 => Op(new FileOp.Writeback(name, l.Signed(3, "START"), l.Signed(4, "END"))),
            "write" when l.Count == 6 => Op(Write(l, name, 3)),
            "remap" when l.Count == 5 => new ScheduleWork.Remap(name, l.Signed(3, "BLOCK"), l.Signed(4, "COUNT")),
            "evict" when l.Count == 3 => Op(new FileOp.Evict(name)),
            "truncate" when l.Count == 4 => Op(new FileOp.Truncate(name, l.Signed(3, "SIZE"))),
            _ => throw l.Error("expected actor ID writeback|write|remap|evict|truncate with its arguments"),
        };
    }

    private static ScheduleWork Op(FileOp op) => new ScheduleWork.File(op);

    /// <summary><c>NAME OFF LEN BYTE</c> from word <paramref name="at"/> on: a buffered write of LEN bytes of BYTE.</summary>
    private static FileOp.Write Write(TraceLine l, string name, int at)
    {
        var fill = l.Unsigned(at + 2, "BYTE");
        if (fill > 255) throw l.Error($"expected BYTE in 0-255, got {fill}");
        return new FileOp.Write(name, l.Signed(at, "OFF"), WriteData.Filled(Int(l, at + 1, "LEN"), (byte)fill));
    }

    private static int Int(TraceLine l, int i, string what)
    {
        var v = l.Signed(i, what);
        return v is >= 0 and <= int.MaxValue ? (int)v : throw l.Error($"expected {what} from 0 to {int.MaxValue}, got {v}");
    }
}
