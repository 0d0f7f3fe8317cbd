using IomapModel.Traces;

namespace IomapModel.Support;

/// <summary>The check every trace format's malformed-input test makes: the parser throws a
/// <see cref="TraceSyntaxException"/> <c>FILE:LINE: expected ...</c>, and the command given the same file prints
/// nothing on stdout, the same <c>FILE:LINE:</c> on stderr, and exits 2.</summary>
public static class MalformedTrace
{
    /// <param name="text">The file's contents (written to a temporary file, deleted afterwards).</param>
    /// <param name="parse">Parses the file at the path it is given.</param>
    /// <param name="command">The iomapmodel arguments before the file, e.g. <c>replay --results</c>.</param>
    public static void Check(string text, string extension, Action<string> parse, int line, string expected, params string[] command)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}{extension}");
        File.WriteAllText(path, text);
        try
        {
            var ex = Assert.Throws<TraceSyntaxException>(() => parse(path));
            Assert.Equal(line, ex.Line);
            Assert.StartsWith($"{path}:{line}: ", ex.Message);
            Assert.Contains(expected, ex.Message);

            var (code, stdout, stderr) = CliRunner.Run([.. command, path]);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains($"{path}:{line}: ", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
