namespace IomapModel.Harness.Conform;

/// <summary>What a file block should map to after a sequence of operations, as the shadow model predicts it.</summary>
public enum BlockClass
{
    /// <summary>Never allocated, punched out, or cut off by truncate: a hole (fuse2fs answers HOLE).</summary>
    Hole,
    /// <summary>Allocated by fallocate and not written since: UNWRITTEN (reads as zeros).</summary>
    Unwritten,
    /// <summary>Written: MAPPED.</summary>
    Written,
}
