namespace IomapModel.KernelSim;

/// <summary>The server's side of /dev/fuse notifications (a write with unique 0 and error = the notify code). The
/// kernel validates each message as <c>fuse_iomap_upsert</c>/<c>fuse_iomap_inval</c> do and returns 0 or the
/// kernel's negative errno; on an error the cache is unchanged. A server may notify at any time, including from
/// inside one of its <see cref="IFuseIomapServer"/> handlers (fuse2fs upserts before it replies).</summary>
public interface IFuseNotifyChannel
{
    /// <summary>FUSE_NOTIFY_IOMAP_UPSERT (9).</summary>
    int NotifyIomapUpsert(in FuseIomapUpsertOut outarg);

    /// <summary>FUSE_NOTIFY_IOMAP_INVAL (10).</summary>
    int NotifyIomapInval(in FuseIomapInvalOut outarg);
}
