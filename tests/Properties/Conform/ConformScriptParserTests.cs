using IomapModel.Traces.Conform;

namespace IomapModel.Properties.Conform;

/// <summary>The <c>conform-script v1</c> parser (src/Traces/Conform) on the shipped scripts and on malformed ones;
/// the command's exit code 2 for bad input needs no root (the script is parsed before anything else).</summary>
public sealed class ConformScriptParserTests
{
    [Fact]
    public void The_shipped_scripts_parse_with_their_mkfs_line()
    {
        var files = Directory.GetFiles(RepoPaths.Of("traces", "conform"), "*.conform")
            .Concat(Directory.GetFiles(RepoPaths.Of("traces", "findings"), "*.conform")).ToList();
        Assert.NotEmpty(files);
        foreach (var f in files)
        {
            var s = ConformScriptParser.ParseFile(f);
            Assert.NotNull(s.Mkfs);
            Assert.NotEmpty(s.Ops);
        }
    }

    [Fact]
    public void Every_operation_parses_and_prints_back()
    {
        var s = ConformScriptParser.Parse("t", new StringReader(
            "conform-script v1\n# c\nmkfs mkfs.ext4 -b 4096 -E lazy_itable_init=0 size=0x4000000\nwrite /a 0x10 100 255 # x\n" +
            "truncate /a 5\nfallocate /a 0 8192 keep_size\nfallocate /b 0 1\npunch /a 1 2\nzero /a 3 4\nzero /a 3 4 keep_size\nfsync /a\n"));
        Assert.Equal(new MkfsSpec("mkfs.ext4", ["-b", "4096", "-E", "lazy_itable_init=0"], 64 << 20).ToString(), s.Mkfs!.ToString());
        Assert.Equal(["write /a 16 100 0xff", "truncate /a 5", "fallocate /a 0 8192 keep_size", "fallocate /b 0 1", "punch /a 1 2",
            "zero /a 3 4", "zero /a 3 4 keep_size", "fsync /a"], s.Ops.Select(ConformScriptText.Format));
        Assert.Equal([4, 5, 6, 7, 8, 9, 10, 11], s.Lines);
        Assert.Equal(["/a", "/b"], s.Paths);
    }

    [Theory]
    [InlineData("conform-script v2\n", 1, "expected the header 'conform-script v1'")]
    [InlineData("conform-script v1\n# nothing\n", 1, "expected at least one operation")]
    [InlineData("conform-script v1\nwrite /a 0 10\n", 2, "expected 'write PATH OFF LEN BYTE'")]
    [InlineData("conform-script v1\nwrite a 0 10 1\n", 2, "expected PATH as /NAME")]
    [InlineData("conform-script v1\nwrite /d/a 0 10 1\n", 2, "expected PATH as /NAME")]
    [InlineData("conform-script v1\nwrite /a zz 10 1\n", 2, "expected OFF as a decimal or 0x-hex number, got 'zz'")]
    [InlineData("conform-script v1\nwrite /a 0 10 256\n", 2, "expected BYTE (the fill value) in 0-255, got 256")]
    [InlineData("conform-script v1\npunch /a 0 0\n", 2, "expected LEN greater than 0")]
    [InlineData("conform-script v1\nfallocate /a 0 10 keepsize\n", 2, "expected 'keep_size' or nothing after LEN, got 'keepsize'")]
    [InlineData("conform-script v1\ntruncate /a 0x8000000000000000\n", 2, "expected SIZE below 2^63")]
    [InlineData("conform-script v1\nfsync /a len=3\n", 2, "'fsync' takes no key=value fields")]
    [InlineData("conform-script v1\nrename /a /b\n", 2, "expected an operation (write, truncate, fallocate, punch, zero, fsync) or 'mkfs', got 'rename'")]
    [InlineData("conform-script v1\nfsync /a\nmkfs mkfs.ext4 size=67108864\n", 3, "expected the 'mkfs' line before the first operation")]
    [InlineData("conform-script v1\nmkfs mkfs.xfs size=67108864\n", 2, "with TOOL mkfs.ext2, mkfs.ext3 or mkfs.ext4, got tool 'mkfs.xfs'")]
    [InlineData("conform-script v1\nmkfs mkfs.ext4 -b 4096\n", 2, "expected 'mkfs TOOL OPTIONS... size=BYTES'")]
    [InlineData("conform-script v1\nmkfs mkfs.ext4 size=64M\n", 2, "expected size as a decimal or 0x-hex number, got '64M'")]
    public void A_malformed_script_names_file_line_and_expectation_and_the_command_exits_2(string text, int line, string expected)
    {
        MalformedTrace.Check(text, ".conform", p => ConformScriptParser.ParseFile(p), line, expected, "conform", "--mkfs", "mkfs.ext4");
    }
}
