namespace IomapModel.Ext4;

/// <summary><c>EXT4_FEATURE_INCOMPAT_*</c>: a reader that does not understand one of these must not read the filesystem.</summary>
[Flags]
public enum Ext4IncompatFeatures : uint
{
    Compression = 0x1,
    FileType = 0x2,
    Recover = 0x4,
    JournalDev = 0x8,
    MetaBg = 0x10,
    Extents = 0x40,
    Bit64 = 0x80,
    Mmp = 0x100,
    FlexBg = 0x200,
    EaInode = 0x400,
    DirData = 0x1000,
    CsumSeed = 0x2000,
    LargeDir = 0x4000,
    InlineData = 0x8000,
    Encrypt = 0x10000,
    Casefold = 0x20000,

    /// <summary>What this reader understands (mapping does not depend on encryption or casefolding).</summary>
    Supported = FileType | Recover | MetaBg | Extents | Bit64 | Mmp | FlexBg | EaInode | CsumSeed | LargeDir |
                InlineData | Encrypt | Casefold,
}

/// <summary><c>EXT4_FEATURE_RO_COMPAT_*</c> the reader looks at.</summary>
[Flags]
public enum Ext4RoCompatFeatures : uint
{
    SparseSuper = 0x1,
    LargeFile = 0x2,
    BtreeDir = 0x4,
    HugeFile = 0x8,
    GdtCsum = 0x10,
    DirNlink = 0x20,
    ExtraIsize = 0x40,
    Quota = 0x100,
    Bigalloc = 0x200,
    MetadataCsum = 0x400,
}
