namespace IomapModel.Servers;

/// <summary>What tests ask a simulated server about its own state, outside the FUSE protocol: the size it would
/// persist, where it keeps a file's blocks, and what a cold read from its disk returns. Implemented by
/// <c>ReferenceServer</c> and the ext4-backed <c>Ext4Server</c>, so one fsx runner can audit either.</summary>
public interface IServerInspection
{
    /// <summary>The size the server would persist.</summary>
    long SizeOf(ulong nodeId);

    /// <summary>True when the device byte range [addr, addr+len) is the server's current home of file bytes
    /// [filePos, filePos+len) of <paramref name="nodeId"/>.</summary>
    bool Owns(ulong nodeId, long filePos, ulong addr, int len);

    /// <summary>The file blocks that have a device block (written or unwritten).</summary>
    IReadOnlyCollection<long> AllocatedBlocks(ulong nodeId);

    /// <summary>The bytes a cold read of the file returns from disk (unwritten and holes as zeros), up to its size.</summary>
    byte[] ReadFromDisk(ulong nodeId, long size);
}
