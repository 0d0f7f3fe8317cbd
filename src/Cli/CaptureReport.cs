using IomapModel.Traces;
using IomapModel.Traces.Capture;

namespace IomapModel.Cli;

/// <summary>Reads and imports a capture for the import and replay verbs, reporting on stderr what it could not use:
/// lost events and stray lookup results always, the skipped events (by name and count) with <c>--verbose</c>.</summary>
internal static class CaptureReport
{
    /// <summary>The parsed capture and its imported lines, or null after printing the parse error.</summary>
    public static (Capture Capture, IReadOnlyList<ImportedLine> Lines)? Load(FileInfo file, CaptureImportOptions options, bool verbose)
    {
        try
        {
            var capture = CaptureParser.ParseFile(file.FullName);
            var (lines, warnings) = CaptureImporter.Import(file.FullName, capture, options);
            foreach (var warning in warnings)
                Console.Error.WriteLine($"warning: {warning}");
            if (verbose)
                foreach (var (name, count) in capture.Skipped)
                    Console.Error.WriteLine($"skipped {count} {name} line{(count == 1 ? "" : "s")}");
            return (capture, lines);
        }
        catch (TraceSyntaxException e)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }
}
