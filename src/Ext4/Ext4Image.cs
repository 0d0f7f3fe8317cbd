namespace IomapModel.Ext4;

/// <summary>A read-only ext2/ext3/ext4 image: superblock, group descriptors, inodes, directories and file layouts.
/// Every structure is validated as it is read; anything inconsistent throws <see cref="Ext4CorruptionException"/>
/// naming the structure and its byte offset. The image file is opened read-only and never written.</summary>
public sealed class Ext4Image : IDisposable
{
    /// <summary>The root directory's inode (<c>EXT2_ROOT_INO</c>).</summary>
    public const uint RootIno = 2;
    /// <summary>Path lookups give up past this many components (a guard against directory cycles).</summary>
    private const int MaxPathComponents = 4096;

    private readonly ImageBytes _bytes;
    private readonly Ext4GroupDescriptor[] _groups;

    private Ext4Image(ImageBytes bytes)
    {
        _bytes = bytes;
        try
        {
            Superblock = Ext4Superblock.Read(bytes);
            _groups = Ext4GroupDescriptor.ReadAll(bytes, Superblock);
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    /// <summary>Opens an image file (read only).</summary>
    public static Ext4Image Open(string path) => new(ImageBytes.OfFile(path));

    /// <summary>Opens an image held in memory (the array is not copied; do not change it while the image is open).</summary>
    public static Ext4Image Open(byte[] image) => new(ImageBytes.OfArray(image));

    public Ext4Superblock Superblock { get; }

    public uint BlockSize => Superblock.BlockSize;

    public IReadOnlyList<Ext4GroupDescriptor> Groups => _groups;

    /// <summary>Reads raw bytes of the image (for a block device over it); past the end is a corruption error.</summary>
    public void ReadBytes(long offset, Span<byte> buffer, string structure) => _bytes.Read(offset, buffer, structure);

    public Ext4Inode ReadInode(uint ino) => Ext4Inode.Read(_bytes, Superblock, _groups, ino);

    /// <summary>The size and block layout of an inode: extent tree, block map or inline data.</summary>
    public Ext4FileLayout ReadLayout(uint ino) => ReadLayout(ReadInode(ino));

    public Ext4FileLayout ReadLayout(Ext4Inode inode)
    {
        if (inode.HasInlineData)
        {
            if (!Superblock.Has(Ext4IncompatFeatures.InlineData))
                throw new Ext4CorruptionException(inode.Describe, inode.ByteOffset + 0x20, "inline-data flag set but the filesystem lacks the inline_data feature");
            int inline = Ext4InlineData.Read(inode, Superblock.InodeSize).Length;
            if (inode.Size > inline)
                throw new Ext4CorruptionException(inode.Describe, inode.ByteOffset + 0x04, $"i_size {inode.Size} is larger than its {inline} inline bytes");
            return new Ext4FileLayout(inode.Number, Ext4FileKind.InlineData, inode.Size, [], 0, inline);
        }
        if (inode.HasExtents)
        {
            var (extents, depth, nodes) = new Ext4ExtentTreeReader(_bytes, Superblock, inode).Read();
            return new Ext4FileLayout(inode.Number, Ext4FileKind.Extents, inode.Size, extents, depth, 0) { MetadataBlocks = nodes };
        }
        bool fastSymlink = (inode.Mode & 0xF000) == 0xA000 && inode.Size < 60;
        if (fastSymlink) return new Ext4FileLayout(inode.Number, Ext4FileKind.BlockMapped, inode.Size, [], 0, 0);
        var map = new Ext4BlockMapReader(_bytes, Superblock, inode);
        var runs = map.Read();
        return new Ext4FileLayout(inode.Number, Ext4FileKind.BlockMapped, inode.Size, runs, 0, 0) { MetadataBlocks = map.IndirectBlocks };
    }

    /// <summary>The live entries of a directory, in on-disk order.</summary>
    public IReadOnlyList<Ext4DirEntry> ReadDirectory(uint ino)
    {
        var dir = ReadInode(ino);
        if (!dir.IsDirectory) throw new IOException($"inode {ino} is not a directory");
        return Ext4DirectoryReader.Read(_bytes, Superblock, dir, ReadLayout(dir));
    }

    /// <summary>Resolves an absolute path ("/dir/file") to an inode number; <see cref="FileNotFoundException"/> if a
    /// component does not exist or is not a directory.</summary>
    public uint LookupPath(string path)
    {
        uint ino = RootIno;
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > MaxPathComponents) throw new FileNotFoundException($"{path}: too many components");
        foreach (var name in parts)
        {
            var dir = ReadInode(ino);
            if (!dir.IsDirectory) throw new FileNotFoundException($"{path}: inode {ino} on the way is not a directory");
            var hit = Ext4DirectoryReader.Read(_bytes, Superblock, dir, ReadLayout(dir)).FirstOrDefault(e => e.Name == name);
            if (hit.Ino == 0) throw new FileNotFoundException($"{path}: no entry '{name}' in directory inode {ino}");
            ino = hit.Ino;
        }
        return ino;
    }

    public void Dispose() => _bytes.Dispose();
}
