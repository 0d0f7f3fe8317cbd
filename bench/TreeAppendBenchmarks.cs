using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace IomapModel.Bench;

/// <summary>Building a structure of Records mappings by sequential append (the tree: look up, insert at the cursor, as
/// the cache adds). Time and allocation are per whole build: divide by Records for the cost per mapping (the report
/// does).</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class TreeAppendBenchmarks
{
    [ParamsSource(nameof(Sizes))]
    public int Records { get; set; }

    public static IEnumerable<int> Sizes => BenchSizes.Tree;

    [Benchmark, BenchmarkCategory("Append")]
    public int Append_IextTree() => ExtentWorkload.Build<IextTreeMap>(Records).Count;

    [Benchmark(Baseline = true), BenchmarkCategory("Append")]
    public int Append_SortedArray() => ExtentWorkload.Build<SortedArrayMap>(Records).Count;

    [Benchmark, BenchmarkCategory("Append")]
    public int Append_SortedList() => ExtentWorkload.Build<SortedListMap>(Records).Count;

    [Benchmark, BenchmarkCategory("Append")]
    public int Append_SortedSet() => ExtentWorkload.Build<SortedSetMap>(Records).Count;

    [Benchmark, BenchmarkCategory("Append")]
    public int Append_ImmutableSortedDictionary() => ExtentWorkload.Build<ImmutableSortedDictionaryMap>(Records).Count;
}
