using IomapModel.IextTree;

namespace IomapModel.Properties.Tree;

/// <summary>
/// Runs a generated workload against a real <see cref="IextFork"/> and the <see cref="TreeReference"/>, using the tree
/// the way the kernel's cache layer does (lookup to position the cursor, then insert/remove/update at it), and checks
/// every cursor result, the sequence counter and the tree invariants after every primitive.
/// </summary>
public sealed class TreeWorkload
{
    private const long Block = 4096;
    private const int SlotBlocks = 8;
    private const long SlotBytes = SlotBlocks * Block;
    private const int Slots = 1 << 20;

    private readonly IomapSequence _seq = new();
    private readonly KernelAsserts _asserts = new();
    private readonly IextFork _fork;
    private readonly TreeReference _ref = new();

    public TreeWorkload() => _fork = new IextFork(_seq, _asserts);

    public int MaxHeight { get; private set; }
    public bool ReturnedToEmpty { get; private set; }
    public IextFork Fork => _fork;

    public void Run(IEnumerable<TreeOp> ops)
    {
        var step = 0;
        foreach (var op in ops)
        {
            Apply(op);
            CheckContents($"after step {step++} {op}");
        }
    }

    private void Apply(TreeOp op)
    {
        switch (op.Kind)
        {
            case TreeOpKind.Insert: InsertAtSlot(op.A % Slots, op.B); break;
            case TreeOpKind.Remove: if (_ref.Count > 0) RemoveIndex(op.A % _ref.Count); break;
            case TreeOpKind.Update: if (_ref.Count > 0) UpdateIndex(op.A % _ref.Count, op.B); break;
            case TreeOpKind.Lookup: Lookup(RandomOffset(op.A)); break;
            case TreeOpKind.LookupBefore: LookupBefore(Math.Max(1, RandomOffset(op.A))); break;
            case TreeOpKind.Walk: Walk(op.A); break;
            case TreeOpKind.InsertMany: InsertMany(op.A, op.B); break;
            case TreeOpKind.RemoveMany: RemoveMany(op.A, op.B); break;
            case TreeOpKind.Destroy: Destroy(); break;
        }
    }

    private long RandomOffset(int a) => (long)(a % (Slots / 4)) * 4 * SlotBytes / 3 + a % 7 * 512;

    private static FuseIomap Make(int slot, int lengthBlocks) => new(
        slot * SlotBytes, (ulong)((lengthBlocks % 4 + 1) * Block), (ulong)slot * 1_000_000 * Block,
        (FuseIomapType)(slot % 5), (FuseIomapFlags)(slot % 3), (uint)(slot % 2 + 1));

    private bool SlotUsed(int slot) => _ref.Covers(slot * SlotBytes) ||
        _ref.LowerBound(slot * SlotBytes) < _ref.Count && _ref[_ref.LowerBound(slot * SlotBytes)].Offset < (slot + 1) * SlotBytes;

    /// <summary>Inserts the way <c>fuse_iomap_cache_add</c> does: look up the offset, insert at the cursor.</summary>
    private void InsertAtSlot(int slot, int lengthBlocks)
    {
        for (var probe = 0; SlotUsed(slot); probe++)
        {
            if (probe > Slots) return;
            slot = (slot + 1) % Slots;
        }
        var rec = Make(slot, lengthBlocks);
        var found = _fork.LookupExtent(rec.Offset, out var cur, out var got);
        Require(!found || got.Offset > rec.Offset, $"lookup of free offset {rec.Offset} found covering {got}");
        var before = _seq.Value;
        _fork.Insert(ref cur, rec);
        Require(_seq.Value == before + 1, "insert must bump the sequence counter once");
        Require(_fork.TryGetExtent(cur, out var at) && at == rec, $"cursor after insert is on {at}, not {rec}");
        _ref.Insert(rec);
        AfterPrimitive("insert");
    }

    private void RemoveIndex(int i)
    {
        var rec = _ref[i];
        Require(_fork.LookupExtent(rec.Offset, out var cur, out var got) && got == rec, $"lookup of {rec} found {got}");
        var before = _seq.Value;
        _fork.Remove(ref cur);
        Require(_seq.Value == before + 1, "remove must bump the sequence counter once");
        _ref.RemoveAt(i);
        if (i < _ref.Count)
        {
            Require(_fork.TryGetExtent(cur, out var next) && next == _ref[i], $"cursor after remove is not on the successor {_ref[i]}");
        }
        else
        {
            Require(!_fork.TryGetExtent(cur, out _), "cursor after removing the last record must be past the end");
            var hasPrev = _fork.PrevExtent(ref cur, out var prev);
            Require(hasPrev == _ref.Count > 0 && (!hasPrev || prev == _ref[^1]), "prev from past-the-end must be the last record");
        }
        AfterPrimitive("remove");
        if (_ref.Count == 0)
            ReturnedToEmpty = true;
    }

    private void UpdateIndex(int i, int variant)
    {
        var rec = _ref[i];
        var slotStart = rec.Offset / SlotBytes * SlotBytes;
        var updated = (variant % 6) switch
        {
            0 when rec.Length > Block => rec with { Offset = rec.Offset + Block, Length = rec.Length - Block, Addr = rec.Addr + Block },
            1 when rec.Length > Block => rec with { Length = rec.Length - Block },
            2 when rec.Offset - Block >= slotStart => rec with { Offset = rec.Offset - Block, Length = rec.Length + Block, Addr = rec.Addr - Block },
            3 when rec.End + Block <= (ulong)(slotStart + SlotBytes) => rec with { Length = rec.Length + Block },
            4 => rec with { Addr = rec.Addr ^ 0x10000 },
            _ => rec with { Type = (FuseIomapType)(((int)rec.Type + 1) % 5), Flags = rec.Flags ^ FuseIomapFlags.Dirty },
        };
        Require(_fork.LookupExtent(rec.Offset, out var cur, out var got) && got == rec, $"lookup of {rec} found {got}");
        var before = _seq.Value;
        _fork.UpdateExtent(ref cur, updated);
        Require(_seq.Value == before + 1, "update must bump the sequence counter once");
        Require(_fork.TryGetExtent(cur, out var at) && at == updated, "cursor after update must be on the new record");
        _ref.Replace(i, updated);
        AfterPrimitive("update");
    }

    private void Lookup(long offset)
    {
        var before = _seq.Value;
        var found = _fork.LookupExtent(offset, out var cur, out var got);
        var expect = _ref.FirstEndingAfter(offset);
        Require(found == expect.HasValue && (!found || got == expect), $"lookup({offset}) gave {(found ? got : "nothing")}, expected {expect}");
        Require(_fork.TryGetExtent(cur, out var at) == found && (!found || at == got), "lookup cursor disagrees with its result");
        Require(_seq.Value == before, "lookups must not bump the sequence counter");
    }

    private void LookupBefore(long end)
    {
        var e = end;
        var found = _fork.LookupExtentBefore(ref e, out _, out var got);
        var expect = _ref.LastStartingBefore(end);
        Require(found == expect.HasValue, $"lookup_before({end}) found={found}, expected {expect}");
        if (found)
            Require(got == expect!.Value.Rec && e == expect.Value.End, $"lookup_before({end}) gave {got} end {e}, expected {expect}");
    }

    private void Walk(int a)
    {
        var forward = new List<FuseIomap>();
        var cur = default(IextCursor);
        _fork.First(ref cur);
        while (_fork.TryGetExtent(cur, out var got)) { forward.Add(got); _fork.Next(ref cur); }
        Require(forward.SequenceEqual(_ref.Records), "forward walk differs from the reference");

        var backward = new List<FuseIomap>();
        cur = default;
        _fork.Prev(ref cur); // from a NULL cursor, prev wraps to the last record
        while (_fork.TryGetExtent(cur, out var got)) { backward.Add(got); _fork.Prev(ref cur); }
        backward.Reverse();
        Require(backward.SequenceEqual(_ref.Records), "backward walk differs from the reference");

        cur = default;
        _fork.Next(ref cur); // from a NULL cursor, next wraps to the first record
        Require(_fork.TryGetExtent(cur, out var first) == _ref.Count > 0 && (_ref.Count == 0 || first == _ref[0]), "next from NULL must give the first record");

        if (_ref.Count == 0) return;
        var i = a % _ref.Count;
        _fork.LookupExtent(_ref[i].Offset, out cur, out _);
        var hasNext = _fork.PeekNextExtent(cur, out var n);
        var hasPrev = _fork.PeekPrevExtent(cur, out var p);
        Require(hasNext == i + 1 < _ref.Count && (!hasNext || n == _ref[i + 1]), "peek next");
        Require(hasPrev == i > 0 && (!hasPrev || p == _ref[i - 1]), "peek prev");
        Require(_fork.TryGetExtent(cur, out var still) && still == _ref[i], "peeking must not move the cursor");
    }

    private void InsertMany(int pattern, int count)
    {
        var rng = new Random(pattern);
        for (var k = 0; k < count; k++)
        {
            int slot;
            if (pattern % 3 == 0)
                slot = _ref.Count == 0 ? Slots / 2 : (int)(_ref[^1].Offset / SlotBytes) + 1;
            else if (pattern % 3 == 1)
                slot = _ref.Count == 0 ? Slots / 2 : (int)(_ref[0].Offset / SlotBytes) - 1;
            else
                slot = rng.Next(Slots);
            if (slot < 0 || slot >= Slots)
                slot = rng.Next(Slots);
            InsertAtSlot(slot, k);
        }
    }

    private void RemoveMany(int order, int count)
    {
        var rng = new Random(order);
        count = Math.Min(count, _ref.Count);
        for (var k = 0; k < count; k++)
        {
            var i = (order % 4) switch
            {
                0 => 0,
                1 => _ref.Count - 1,
                2 => rng.Next(_ref.Count),
                _ => _ref.Count / 2,
            };
            RemoveIndex(i);
        }
    }

    private void Destroy()
    {
        var before = _seq.Value;
        _fork.Destroy();
        _ref.Clear();
        Require(_seq.Value == before, "destroy does not bump the sequence counter (as in the kernel)");
        AfterPrimitive("destroy");
    }

    private void AfterPrimitive(string what)
    {
        MaxHeight = Math.Max(MaxHeight, _fork.Height);
        var problems = _fork.CheckInvariants();
        Require(problems.Count == 0, $"invariants broken after {what}: {string.Join("; ", problems)}");
        Require(_fork.Count == _ref.Count, $"count {_fork.Count} != reference {_ref.Count}");
        Require(_fork.Height == 0 || _fork.Count <= 7 * (long)Math.Pow(16, _fork.Height - 1), "too many records for the height");
        Require(_asserts.Hits.Count == 0, $"kernel ASSERT hit: {string.Join("; ", _asserts.Hits)}");
    }

    private void CheckContents(string where) =>
        Require(_fork.Records().SequenceEqual(_ref.Records), $"tree contents differ from the reference {where}");

    private static void Require(bool ok, string message)
    {
        if (!ok)
            throw new TreeMismatchException(message);
    }
}

public sealed class TreeMismatchException(string message) : Exception(message);
