using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace IomapModel.Bench;

/// <summary>Random inserts into holes and random removals, time per operation: 1,024 per iteration at a steady size,
/// each batch undone (untimed) by the next step.</summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
[InvocationCount(1)]
public class TreeInsertRemoveBenchmarks
{
    private const int Ops = ExtentChurn<IextTreeMap>.Ops;
    private ExtentChurn<IextTreeMap> _tree = null!;
    private ExtentChurn<SortedArrayMap> _array = null!;
    private ExtentChurn<SortedListMap> _list = null!;
    private ExtentChurn<SortedSetMap> _set = null!;
    private ExtentChurn<ImmutableSortedDictionaryMap> _dict = null!;

    [ParamsSource(nameof(Sizes))]
    public int Records { get; set; }

    public static IEnumerable<int> Sizes => BenchSizes.Tree;

    [GlobalSetup(Targets = new[] { nameof(Insert_IextTree), nameof(Remove_IextTree) })]
    public void SetupTree() => _tree = new(Records);

    [GlobalSetup(Targets = new[] { nameof(Insert_SortedArray), nameof(Remove_SortedArray) })]
    public void SetupArray() => _array = new(Records);

    [GlobalSetup(Targets = new[] { nameof(Insert_SortedList), nameof(Remove_SortedList) })]
    public void SetupList() => _list = new(Records);

    [GlobalSetup(Targets = new[] { nameof(Insert_SortedSet), nameof(Remove_SortedSet) })]
    public void SetupSet() => _set = new(Records);

    [GlobalSetup(Targets = new[] { nameof(Insert_ImmutableSortedDictionary), nameof(Remove_ImmutableSortedDictionary) })]
    public void SetupDict() => _dict = new(Records);

    // Insert_X inserts the batch into holes and the cleanup takes it out again; Remove_X takes out the batch that its
    // setup put in, so both measure one direction at the same sizes.
    [IterationCleanup(Targets = new[] { nameof(Insert_IextTree) })] public void UndoTreeInsert() => _tree.RemoveAll();
    [IterationSetup(Targets = new[] { nameof(Remove_IextTree) })] public void PrepareTreeRemove() => _tree.InsertAll();
    [IterationCleanup(Targets = new[] { nameof(Insert_SortedArray) })] public void UndoArrayInsert() => _array.RemoveAll();
    [IterationSetup(Targets = new[] { nameof(Remove_SortedArray) })] public void PrepareArrayRemove() => _array.InsertAll();
    [IterationCleanup(Targets = new[] { nameof(Insert_SortedList) })] public void UndoListInsert() => _list.RemoveAll();
    [IterationSetup(Targets = new[] { nameof(Remove_SortedList) })] public void PrepareListRemove() => _list.InsertAll();
    [IterationCleanup(Targets = new[] { nameof(Insert_SortedSet) })] public void UndoSetInsert() => _set.RemoveAll();
    [IterationSetup(Targets = new[] { nameof(Remove_SortedSet) })] public void PrepareSetRemove() => _set.InsertAll();
    [IterationCleanup(Targets = new[] { nameof(Insert_ImmutableSortedDictionary) })] public void UndoDictInsert() => _dict.RemoveAll();
    [IterationSetup(Targets = new[] { nameof(Remove_ImmutableSortedDictionary) })] public void PrepareDictRemove() => _dict.InsertAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Insert")]
    public void Insert_IextTree() => _tree.InsertAll();

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true), BenchmarkCategory("Insert")]
    public void Insert_SortedArray() => _array.InsertAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Insert")]
    public void Insert_SortedList() => _list.InsertAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Insert")]
    public void Insert_SortedSet() => _set.InsertAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Insert")]
    public void Insert_ImmutableSortedDictionary() => _dict.InsertAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Remove")]
    public void Remove_IextTree() => _tree.RemoveAll();

    [Benchmark(OperationsPerInvoke = Ops, Baseline = true), BenchmarkCategory("Remove")]
    public void Remove_SortedArray() => _array.RemoveAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Remove")]
    public void Remove_SortedList() => _list.RemoveAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Remove")]
    public void Remove_SortedSet() => _set.RemoveAll();

    [Benchmark(OperationsPerInvoke = Ops), BenchmarkCategory("Remove")]
    public void Remove_ImmutableSortedDictionary() => _dict.RemoveAll();
}
