namespace IomapModel.Traces.Schedule;

/// <summary>A schedule's <c>server KIND key=value...</c> line: which server other than the built-in reference server
/// answers the kernel (e.g. <c>server ext4 image=../images/x.img quirks=seed</c>). The <c>image</c> path is already
/// resolved against the schedule file's directory.</summary>
public sealed record ScheduleServerSpec(string Kind, IReadOnlyDictionary<string, string> Options, string File, int Line)
{
    /// <summary>What the options should have been, as the error of this line (<c>FILE:LINE: expected ...</c>): how
    /// whoever builds the server reports an option it cannot use.</summary>
    public TraceSyntaxException Error(string expected) => new(File, Line, $"expected {expected}");
}
