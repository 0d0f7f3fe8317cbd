namespace IomapModel.Workloads;

/// <summary>What an operation returned: the syscall's value (bytes moved, 0, or a negative errno) and, for reads, the
/// bytes. <see cref="Unsupported"/> says why a side cannot do the operation at all (its <see cref="Ret"/> is then
/// -EOPNOTSUPP): such an operation is reported, never dropped.</summary>
public sealed record OpOutcome(long Ret, byte[] Data, string? Unsupported = null)
{
    public static OpOutcome Of(long ret) => new(ret, []);

    public static OpOutcome Errno(int errno) => new(-errno, []);

    public static OpOutcome NotSupported(string why) => new(-FuseErrno.EOPNOTSUPP, [], why);

    public bool IsUnsupported => Unsupported is not null;

    public override string ToString() => Unsupported is null ? FuseErrno.Show(Ret) : $"{FuseErrno.Show(Ret)} (unsupported: {Unsupported})";
}
