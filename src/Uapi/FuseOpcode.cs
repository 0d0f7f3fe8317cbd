namespace IomapModel.Uapi;

/// <summary>The FUSE opcodes the simulated kernel sends (uapi fuse.h; the iomap ones at seed lines 1503-1509, 3318-3321).</summary>
public enum FuseOpcode : uint
{
    Setattr = 4,
    Open = 14,
    Read = 15,
    Write = 16,
    Fsync = 20,
    Fallocate = 43,
    CopyFileRange = 47,
    Syncfs = 50,
    IomapConfig = 4092,
    IomapIoend = 4093,
    IomapBegin = 4094,
    IomapEnd = 4095,
}
