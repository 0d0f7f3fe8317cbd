namespace IomapModel.Harness.Host;

/// <summary>What a live conformance test needs from the machine.</summary>
[Flags]
public enum Needs
{
    /// <summary>e2fsprogs only (mkfs, debugfs, e2fsck): no root.</summary>
    None = 0,
    /// <summary>Root, the loop driver and mount/umount/losetup/filefrag: a kernel loop mount of an image.</summary>
    LoopMount = 1,
    /// <summary>Root, /dev/fuse, fuse2fs and fusermount3: a live fuse2fs mount.</summary>
    Fuse2fs = 2,
    /// <summary>Root and tracefs with the fuse_request_send/fuse_request_end events.</summary>
    Tracefs = 4,
}
