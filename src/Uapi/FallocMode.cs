namespace IomapModel.Uapi;

/// <summary><c>FALLOC_FL_*</c> modes (uapi falloc.h), the one definition of their numbers (the live side passes them
/// to fallocate(2) as they are). fuse accepts only KEEP_SIZE, PUNCH_HOLE and ZERO_RANGE; anything else is -EOPNOTSUPP
/// before the server is asked (seed-iomap.md §4.9).</summary>
[Flags]
public enum FallocMode
{
    Allocate = 0,
    KeepSize = 0x01,
    PunchHole = 0x02,
    CollapseRange = 0x08,
    ZeroRange = 0x10,
    InsertRange = 0x20,
    UnshareRange = 0x40,
}
