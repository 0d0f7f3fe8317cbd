using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace IomapModel.Support;

/// <summary>
/// One mutation of a text file: which line, what is done to it, and a value that picks where and with what. The kinds
/// are what goes wrong with real captures and logs: a line cut short (a truncated copy, a full disk), two fields
/// swapped, a number replaced by a huge or negative one, an event moved to an inode nobody opened, a line dropped or
/// doubled (a lost event, a repeated one), a stray character. Any line-oriented format can use it (the importers'
/// property here; the general bad-input property of every verb).
/// </summary>
public sealed partial record TraceMutation(int Line, int Kind, int Value)
{
    public const int Kinds = 7;

    public static readonly string[] KindNames = ["cut line", "swapped fields", "huge number", "unknown inode", "dropped line", "doubled line", "stray character"];

    private static readonly string[] Huge = ["0xffffffffffffffff", "18446744073709551616", "99999999999999999999", "9223372036854775807", "-1", "0x7fffffffffffffff", "4294967296"];

    [GeneratedRegex(@"\b(ino[ =])(0x)?[0-9a-f]+\b")]
    private static partial Regex Ino();

    [GeneratedRegex(@"(?<![\w.])(0x[0-9a-f]+|\d+)(?![\w.])")]
    private static partial Regex Number();

    public string KindName => KindNames[Kind % Kinds];

    /// <summary>The mutated text and what was done (the line number counts from 1).</summary>
    public (string Text, string What) Apply(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 1 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        int at = Line % lines.Count;
        var line = lines[at];
        string what = $"line {at + 1}: {KindName}";
        switch (Kind % Kinds)
        {
            case 0:
                lines[at] = line[..(Value % (line.Length + 1))];
                break;
            case 1:
            {
                var words = line.Split(' ');
                if (words.Length > 1)
                {
                    int a = Value % words.Length, b = (Value / 7 + 1 + a) % words.Length;
                    (words[a], words[b]) = (words[b], words[a]);
                    lines[at] = string.Join(' ', words);
                }
                break;
            }
            case 2:
            {
                var numbers = Number().Matches(line);
                if (numbers.Count > 0)
                {
                    var m = numbers[Value % numbers.Count];
                    lines[at] = line[..m.Index] + Huge[Value % Huge.Length] + line[(m.Index + m.Length)..];
                }
                break;
            }
            case 3:
            {
                var inos = Ino().Matches(line);
                if (inos.Count > 0)
                {
                    var m = inos[0];
                    int ino = 13 + Value % 5000;
                    bool hex = m.Groups[2].Success || !line.Contains("ext4_", StringComparison.Ordinal) && !line.Contains("writeback_", StringComparison.Ordinal);
                    lines[at] = line[..m.Index] + m.Groups[1].Value + (hex ? (m.Groups[2].Success ? "0x" : "") + ino.ToString("x") : ino.ToString()) + line[(m.Index + m.Length)..];
                }
                break;
            }
            case 4:
                lines.RemoveAt(at);
                break;
            case 5:
                lines.Insert(at, line);
                break;
            default:
                lines[at] = line.Insert(Value % (line.Length + 1), ((char)("#:(=- x\t,"[Value % 9])).ToString());
                break;
        }
        return (string.Join('\n', lines) + "\n", what);
    }

    /// <summary>Mutations biased to lines past a file's header (the events), shrinking towards line 0 and value 0.</summary>
    public static Arbitrary<TraceMutation> Arbitrary() =>
        Arb.From(
            from line in Gen.Frequency((1, Gen.Choose(0, 30)), (4, Gen.Choose(0, int.MaxValue)))
            from kind in Gen.Choose(0, Kinds - 1)
            from value in Gen.Choose(0, int.MaxValue)
            select new TraceMutation(line, kind, value),
            m => new[] { m with { Value = m.Value / 2 }, m with { Line = m.Line / 2 } }.Where(x => x != m));
}
