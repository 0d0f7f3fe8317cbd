namespace IomapModel.Bench;

/// <summary>The sizes the benchmarks run at. The tree sizes cross every height: 7 records fill the root leaf,
/// 112 = 7 * 16 fill one inner node, and each size after that is 16 times the one before (10^6 needs height 6).
/// <c>--quick</c> keeps three of them.</summary>
internal static class BenchSizes
{
    public static bool Quick { get; set; }

    public static IEnumerable<int> Tree => Quick ? [112, 28_672, 1_000_000] : [7, 112, 1_792, 28_672, 458_752, 1_000_000];

    public static IEnumerable<int> Cache => Quick ? [28_672, 1_000_000] : [1_792, 28_672, 1_000_000];
}
