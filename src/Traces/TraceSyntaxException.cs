namespace IomapModel.Traces;

/// <summary>A malformed trace line: names the file, the line and what was expected there.</summary>
public sealed class TraceSyntaxException(string file, int line, string expected)
    : Exception($"{file}:{line}: {expected}")
{
    public string File { get; } = file;
    public int Line { get; } = line;
    public string Expected { get; } = expected;
}
