using System.Reflection;
using System.Xml.Linq;

namespace IomapModel.Properties.Layout;

/// <summary>
/// The architecture as a checked rule (docs/architecture.md): the src projects stand in one order, each may reference
/// only projects to its left; the executable src/Cli exposes no public type but its entry point; the tests reference
/// src/Cli only to build it and run it as a program, never as an assembly.
/// </summary>
public sealed class ProjectLayoutTests
{
    /// <summary>The layers, from the bottom (docs/architecture.md). A new src project must be placed here.</summary>
    public static readonly string[] Order = ["Uapi", "IextTree", "IomapCache", "KernelSim", "Ext4", "Servers", "Workloads", "Traces", "Harness", "Cli"];

    /// <summary>One project file: its path relative to the repository and where its ProjectReferences point (each with
    /// whether it references the output assembly).</summary>
    public sealed record ProjectFile(string Path, IReadOnlyList<(string Target, bool ReferencesAssembly)> References);

    public static IReadOnlyList<ProjectFile> ProjectFiles() =>
        [.. Directory.EnumerateFiles(RepoPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Select(p => new ProjectFile(Rel(p), [.. XDocument.Load(p).Descendants("ProjectReference").Select(r =>
                (Rel(System.IO.Path.GetFullPath(r.Attribute("Include")!.Value.Replace('\\', '/'), System.IO.Path.GetDirectoryName(p)!)),
                 !string.Equals((string?)r.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase)))]))
            .OrderBy(p => p.Path, StringComparer.Ordinal)];

    private static string Rel(string path) => System.IO.Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/');

    /// <summary>Every broken rule: a src project outside <see cref="Order"/>, a reference that points up or sideways, a
    /// reference to a missing project, a non-src project that references src/Cli's assembly.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyList<ProjectFile> projects, string[] order)
    {
        static string? Layer(string path) => path.StartsWith("src/", StringComparison.Ordinal) ? path.Split('/')[1] : null;
        var problems = new List<string>();
        var known = projects.Select(p => p.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var p in projects)
        {
            var layer = Layer(p.Path);
            if (layer is not null && !order.Contains(layer)) problems.Add($"{p.Path}: src/{layer} has no place in the layer order");
            foreach (var (target, assembly) in p.References)
            {
                if (!known.Contains(target)) problems.Add($"{p.Path} references {target}, which does not exist");
                var to = Layer(target);
                if (layer is not null && to is not null && order.Contains(layer) && order.Contains(to) && Array.IndexOf(order, to) >= Array.IndexOf(order, layer))
                    problems.Add($"{p.Path} references {target}: src/{to} is not below src/{layer}");
                if (layer is null && to is not null && to == order[^1] && assembly)
                    problems.Add($"{p.Path} references {target} as an assembly; it may only build it to run the program (ReferenceOutputAssembly=false)");
            }
        }
        return problems;
    }

    [Fact]
    public void Every_project_reference_points_down_the_layers()
    {
        var projects = ProjectFiles();
        Assert.Equal(Order, projects.Where(p => p.Path.StartsWith("src/", StringComparison.Ordinal)).Select(p => p.Path.Split('/')[1]).OrderBy(l => Array.IndexOf(Order, l)));
        Assert.Empty(Violations(projects, Order));
        Assert.Contains(projects, p => p.Path.StartsWith("tests/", StringComparison.Ordinal) && p.References.Contains(("src/Cli/Cli.csproj", false)));
    }

    /// <summary>Teeth: the checker finds an upward reference, a sideways one, an unplaced project and a test that links
    /// the executable.</summary>
    [Fact]
    public void The_checker_finds_every_kind_of_broken_rule()
    {
        ProjectFile P(string path, params (string, bool)[] refs) => new(path, refs);
        var bad = new[]
        {
            P("src/Uapi/Uapi.csproj"),
            P("src/KernelSim/KernelSim.csproj", ("src/Traces/Traces.csproj", true)),
            P("src/Traces/Traces.csproj", ("src/Traces/Traces.csproj", true)),
            P("src/Extra/Extra.csproj", ("src/Uapi/Uapi.csproj", true)),
            P("src/Cli/Cli.csproj", ("src/Uapi/Uapi.csproj", true)),
            P("tests/T/T.csproj", ("src/Cli/Cli.csproj", true), ("src/Gone/Gone.csproj", true)),
        };
        var found = Violations(bad, ["Uapi", "KernelSim", "Traces", "Cli"]);
        Assert.Contains("src/KernelSim/KernelSim.csproj references src/Traces/Traces.csproj: src/Traces is not below src/KernelSim", found);
        Assert.Contains("src/Traces/Traces.csproj references src/Traces/Traces.csproj: src/Traces is not below src/Traces", found);
        Assert.Contains("src/Extra/Extra.csproj: src/Extra has no place in the layer order", found);
        Assert.Contains(found, f => f.StartsWith("tests/T/T.csproj references src/Cli/Cli.csproj as an assembly", StringComparison.Ordinal));
        Assert.Contains("tests/T/T.csproj references src/Gone/Gone.csproj, which does not exist", found);
        Assert.Equal(5, found.Count);
    }

    [Fact]
    public void The_executable_exposes_no_public_type_but_its_entry_point()
    {
        var cli = Assembly.LoadFrom(CliRunner.Executable);
        var entry = cli.EntryPoint ?? throw new InvalidOperationException($"{CliRunner.Executable} has no entry point");
        Assert.All(cli.GetExportedTypes(), t => Assert.Equal(entry.DeclaringType, t));
        Assert.DoesNotContain(typeof(ProjectLayoutTests).Assembly.GetReferencedAssemblies(), a => a.Name == cli.GetName().Name);
    }
}
