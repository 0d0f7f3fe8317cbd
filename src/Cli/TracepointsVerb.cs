using System.CommandLine;
using IomapModel.Harness.Replay;
using IomapModel.Traces;
using IomapModel.Traces.Cache;

namespace IomapModel.Cli;

/// <summary><c>iomapmodel tracepoints TRACE [-o FILE]</c>: runs a cache trace and prints the tracefs lines a kernel
/// would have printed for it (<see cref="CaptureRecorder"/>), i.e. a synthetic capture.</summary>
internal static class TracepointsVerb
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "an iomap-trace v1 file" };
        var output = new Option<FileInfo?>("-o", "--output") { Description = "write the capture here instead of stdout" };
        var command = new Command("tracepoints", "Print the fuse_iomap_* tracepoints the kernel would fire for a cache trace (a synthetic capture)") { file, output };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output)));
        return command;
    }

    private static int Run(FileInfo file, FileInfo? output)
    {
        IReadOnlyList<CacheTraceEvent> events;
        try
        {
            events = CacheTraceParser.ParseFile(file.FullName);
        }
        catch (Exception e) when (e is TraceSyntaxException or FileNotFoundException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var text = CaptureRecorder.Record(events);
        if (output is null)
            Console.Out.Write(text);
        else
            File.WriteAllText(output.FullName, text);
        return 0;
    }
}
