namespace IomapModel.Conformance.Support;

/// <summary>A regular file as the kernel showed it through a loop mount, recorded before unmounting.</summary>
/// <param name="Path">Absolute inside the filesystem ("/dir/file").</param>
/// <param name="Ino">st_ino.</param>
/// <param name="Size">st_size.</param>
/// <param name="Content">The bytes read through the kernel mount.</param>
/// <param name="Fiemap">The kernel's FIEMAP (filefrag -v).</param>
public sealed record KernelObservedFile(string Path, ulong Ino, long Size, byte[] Content, FiemapReport Fiemap);
