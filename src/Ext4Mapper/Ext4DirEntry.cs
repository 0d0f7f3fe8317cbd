namespace IomapModel.Ext4Mapper;

/// <summary>One live <c>ext4_dir_entry_2</c>: a name and the inode it links to.</summary>
public readonly record struct Ext4DirEntry(string Name, uint Ino, byte FileType);
