namespace IomapModel.IextTree;

/// <summary>
/// The per-inode validity counter <c>im_seq</c> (seed <c>fuse_iext_inc_seq</c>/<c>fuse_iext_read_seq</c>). It belongs to
/// the cache object that owns both forks, so one counter covers the read and the write fork. It starts at 0, bumps at
/// the start of every tree insert, remove and update, and wraps as a u64.
/// </summary>
public sealed class IomapSequence
{
    public ulong Value { get; private set; }

    internal void Increment() => Value = unchecked(Value + 1);
}
