namespace IomapModel.Ext4Mapper;

/// <summary>A read-only ext2/ext3/ext4 image: superblock, group descriptors, inodes, directories and file layouts.
/// Every structure is validated as it is read; anything inconsistent throws <see cref="Ext4CorruptionException"/>.</summary>
public sealed partial class Ext4Image : IDisposable
{
    /// <summary>Opens an image file (read only; the file is never written).</summary>
    public static Ext4Image Open(string path) => throw new NotImplementedException();

    /// <summary>Opens an image held in memory.</summary>
    public static Ext4Image Open(byte[] image) => throw new NotImplementedException();

    public uint BlockSize => throw new NotImplementedException();

    /// <summary>Resolves an absolute path ("/dir/file") to an inode number; <see cref="FileNotFoundException"/> if a
    /// component does not exist.</summary>
    public uint LookupPath(string path) => throw new NotImplementedException();

    /// <summary>The size and block layout of an inode.</summary>
    public Ext4FileLayout ReadLayout(uint ino) => throw new NotImplementedException();

    public void Dispose() { }
}
