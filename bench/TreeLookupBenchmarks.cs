using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace IomapModel.Bench;

/// <summary>Lookups by size: a hit (record start), a miss (hole start: the answer is the next record) and
/// LookupExtentBefore, in the ported tree and the baselines. Time is per lookup.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class TreeLookupBenchmarks
{
    private const int Ops = ExtentWorkload.ProbesPerInvoke;
    private IextTreeMap _tree;
    private SortedArrayMap _array;
    private SortedListMap _list;
    private SortedSetMap _set;
    private ImmutableSortedDictionaryMap _dict;
    private long[] _hits = [], _misses = [], _befores = [];
    private int _next;

    [ParamsSource(nameof(Sizes))]
    public int Records { get; set; }

    public static IEnumerable<int> Sizes => BenchSizes.Tree;

    private void Probes()
    {
        _hits = ExtentWorkload.Probes(Records, ProbeKind.Hit);
        _misses = ExtentWorkload.Probes(Records, ProbeKind.Miss);
        _befores = ExtentWorkload.Probes(Records, ProbeKind.Before);
    }

    [GlobalSetup(Targets = new[] { nameof(Hit_IextTree), nameof(Miss_IextTree), nameof(Before_IextTree) })]
    public void SetupTree() { Probes(); _tree = ExtentWorkload.Build<IextTreeMap>(Records); }

    [GlobalSetup(Targets = new[] { nameof(Hit_SortedArray), nameof(Miss_SortedArray), nameof(Before_SortedArray) })]
    public void SetupArray() { Probes(); _array = ExtentWorkload.Build<SortedArrayMap>(Records); }

    [GlobalSetup(Targets = new[] { nameof(Hit_SortedList), nameof(Miss_SortedList), nameof(Before_SortedList) })]
    public void SetupList() { Probes(); _list = ExtentWorkload.Build<SortedListMap>(Records); }

    [GlobalSetup(Targets = new[] { nameof(Hit_SortedSet), nameof(Miss_SortedSet), nameof(Before_SortedSet) })]
    public void SetupSet() { Probes(); _set = ExtentWorkload.Build<SortedSetMap>(Records); }

    [GlobalSetup(Targets = new[] { nameof(Hit_ImmutableSortedDictionary), nameof(Miss_ImmutableSortedDictionary) })]
    public void SetupDict() { Probes(); _dict = ExtentWorkload.Build<ImmutableSortedDictionaryMap>(Records); }

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Hit")]
    public int Hit_IextTree() => ExtentWorkload.Lookups(ref _tree, _hits, ref _next);

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true), BenchmarkCategory("Hit")]
    public int Hit_SortedArray() => ExtentWorkload.Lookups(ref _array, _hits, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Hit")]
    public int Hit_SortedList() => ExtentWorkload.Lookups(ref _list, _hits, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Hit")]
    public int Hit_SortedSet() => ExtentWorkload.Lookups(ref _set, _hits, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Hit")]
    public int Hit_ImmutableSortedDictionary() => ExtentWorkload.Lookups(ref _dict, _hits, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Miss")]
    public int Miss_IextTree() => ExtentWorkload.Lookups(ref _tree, _misses, ref _next);

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true), BenchmarkCategory("Miss")]
    public int Miss_SortedArray() => ExtentWorkload.Lookups(ref _array, _misses, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Miss")]
    public int Miss_SortedList() => ExtentWorkload.Lookups(ref _list, _misses, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Miss")]
    public int Miss_SortedSet() => ExtentWorkload.Lookups(ref _set, _misses, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Miss")]
    public int Miss_ImmutableSortedDictionary() => ExtentWorkload.Lookups(ref _dict, _misses, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Before")]
    public long Before_IextTree() => ExtentWorkload.LookupsBefore(ref _tree, _befores, ref _next);

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true), BenchmarkCategory("Before")]
    public long Before_SortedArray() => ExtentWorkload.LookupsBefore(ref _array, _befores, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Before")]
    public long Before_SortedList() => ExtentWorkload.LookupsBefore(ref _list, _befores, ref _next);

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Before")]
    public long Before_SortedSet() => ExtentWorkload.LookupsBefore(ref _set, _befores, ref _next);
}
