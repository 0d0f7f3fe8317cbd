namespace IomapModel.Traces;

/// <summary>
/// Reads a line-oriented trace file (<c>iomap-trace v1</c> by default, or another format's header such as
/// <c>conform-script v1</c>): the header line, then one event or directive per line; <c>#</c> starts a comment and
/// blank lines are ignored. Yields tokenised lines; what each verb means is up to the event parsers.
/// </summary>
public static class TraceReader
{
    public const string Header = "iomap-trace v1";

    public static IEnumerable<TraceLine> Read(string file, TextReader reader, string header = Header)
    {
        var first = reader.ReadLine();
        if (first?.Trim() != header)
            throw new TraceSyntaxException(file, 1, $"expected the header '{header}', got '{first ?? "end of file"}'");
        var number = 1;
        while (reader.ReadLine() is { } raw)
        {
            number++;
            var hash = raw.IndexOf('#');
            var text = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (text.Length == 0)
                continue;
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var positional = new List<string>();
            var named = new Dictionary<string, string>();
            foreach (var word in words.Skip(1))
            {
                var eq = word.IndexOf('=');
                if (eq <= 0)
                {
                    positional.Add(word);
                    continue;
                }
                if (!named.TryAdd(word[..eq], word[(eq + 1)..]))
                    throw new TraceSyntaxException(file, number, $"field '{word[..eq]}' given twice");
            }
            yield return new TraceLine(file, number, words[0], [.. positional], named) { Words = words[1..] };
        }
    }
}
