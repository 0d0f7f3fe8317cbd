namespace IomapModel.Support;

/// <summary>Parses <c>debugfs -R "blocks PATH"</c>: block numbers separated by blanks; anything else is an error.</summary>
public static class BlocksParser
{
    public static IReadOnlyList<long> Parse(string text, string source)
    {
        var list = new List<long>();
        foreach (var word in text.Split((char[])[' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
            list.Add(long.TryParse(word, out var b) ? b : throw new FormatException($"{source}: expected a block number, found '{word}'"));
        return list;
    }
}
