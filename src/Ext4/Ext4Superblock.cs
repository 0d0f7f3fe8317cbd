using static System.Buffers.Binary.BinaryPrimitives;

namespace IomapModel.Ext4;

/// <summary>The fields of <c>struct ext4_super_block</c> (1024 bytes at byte 1024) that locate everything else, checked
/// the way <c>ext4_fill_super</c> checks them before trusting them.</summary>
public sealed record Ext4Superblock
{
    public const long Offset = 1024;
    public const int Size = 1024;
    public const ushort Magic = 0xEF53;
    /// <summary>Descriptors are held in memory; 2^22 groups is 512 TiB with 4 KiB blocks. More is refused rather than
    /// letting a corrupt block count or group size drive an allocation.</summary>
    public const ulong MaxGroups = 1 << 22;

    public uint InodesCount { get; private init; }
    public ulong BlocksCount { get; private init; }
    public uint FirstDataBlock { get; private init; }
    public uint BlockSize { get; private init; }
    public uint BlocksPerGroup { get; private init; }
    public uint InodesPerGroup { get; private init; }
    public ushort InodeSize { get; private init; }
    public uint FirstInode { get; private init; }
    public uint FeatureCompat { get; private init; }
    public Ext4IncompatFeatures Incompat { get; private init; }
    public Ext4RoCompatFeatures RoCompat { get; private init; }
    public byte[] Uuid { get; private init; } = [];
    public ushort DescSize { get; private init; }
    public uint FirstMetaBg { get; private init; }
    /// <summary>The metadata_csum seed: <c>s_checksum_seed</c> with csum_seed, else crc32c(~0, uuid).</summary>
    public uint CsumSeed { get; private init; }
    public uint GroupCount { get; private init; }
    /// <summary><c>s_r_blocks_count</c> (lo, plus hi with 64bit): the root reserve fuse2fs refuses to allocate from.</summary>
    public ulong ReservedBlocksCount { get; private init; }
    /// <summary><c>s_reserved_gdt_blocks</c>: blocks kept after the descriptors for online resize.</summary>
    public ushort ReservedGdtBlocks { get; private init; }
    /// <summary><c>s_log_groups_per_flex</c> (0 without flex_bg): allocation goals start at a flex group.</summary>
    public byte LogGroupsPerFlex { get; private init; }

    public bool HasMetadataCsum => (RoCompat & Ext4RoCompatFeatures.MetadataCsum) != 0;
    public bool HasGdtCsum => (RoCompat & Ext4RoCompatFeatures.GdtCsum) != 0;
    public bool Has(Ext4IncompatFeatures f) => (Incompat & f) != 0;

    internal static Ext4Superblock Read(ImageBytes image)
    {
        const string what = "superblock";
        var sb = image.Read(Offset, Size, what).AsSpan();
        Ext4CorruptionException Bad(int field, string problem) => new(what, Offset + field, problem);

        ushort magic = ReadUInt16LittleEndian(sb[0x38..]);
        if (magic != Magic) throw Bad(0x38, $"bad magic 0x{magic:x4} (expected 0x{Magic:x4}): not an ext2/3/4 filesystem");
        uint logBlock = ReadUInt32LittleEndian(sb[0x18..]);
        if (logBlock > 6) throw Bad(0x18, $"s_log_block_size {logBlock} gives a block size above 64 KiB");
        uint bs = 1024u << (int)logBlock;
        var incompat = (Ext4IncompatFeatures)ReadUInt32LittleEndian(sb[0x60..]);
        var ro = (Ext4RoCompatFeatures)ReadUInt32LittleEndian(sb[0x64..]);
        var unknown = incompat & ~Ext4IncompatFeatures.Supported;
        if (unknown != 0) throw Bad(0x60, $"unsupported incompatible features 0x{(uint)unknown:x} ({unknown})");
        if ((ro & Ext4RoCompatFeatures.Bigalloc) != 0) throw Bad(0x64, "bigalloc (clusters) is not supported");

        if ((ro & Ext4RoCompatFeatures.MetadataCsum) != 0)
        {
            if (sb[0x175] != 1) throw Bad(0x175, $"s_checksum_type {sb[0x175]} is not crc32c (1)");
            uint want = ReadUInt32LittleEndian(sb[0x3FC..]);
            uint got = Crc32c.Update(~0u, sb[..0x3FC]);
            if (want != got) throw Bad(0x3FC, $"checksum 0x{want:x8} does not match the contents (0x{got:x8})");
        }

        ulong blocks = ReadUInt32LittleEndian(sb[0x04..]);
        if ((incompat & Ext4IncompatFeatures.Bit64) != 0)
            blocks |= (ulong)ReadUInt32LittleEndian(sb[0x150..]) << 32;
        uint firstData = ReadUInt32LittleEndian(sb[0x14..]);
        uint bpg = ReadUInt32LittleEndian(sb[0x20..]);
        uint ipg = ReadUInt32LittleEndian(sb[0x28..]);
        uint inodes = ReadUInt32LittleEndian(sb[0x00..]);
        uint rev = ReadUInt32LittleEndian(sb[0x4C..]);
        ushort isz = rev == 0 ? (ushort)128 : ReadUInt16LittleEndian(sb[0x58..]);
        uint firstIno = rev == 0 ? 11u : ReadUInt32LittleEndian(sb[0x54..]);

        if (blocks == 0 || blocks > (ulong)image.Length / bs)
            throw Bad(0x04, $"{blocks} blocks of {bs} bytes do not fit in the image ({image.Length} bytes)");
        if (firstData >= blocks || (bs == 1024 && firstData != 1) || (bs > 1024 && firstData != 0))
            throw Bad(0x14, $"s_first_data_block {firstData} is wrong for {bs}-byte blocks");
        if (bpg == 0 || bpg > 8 * bs) throw Bad(0x20, $"s_blocks_per_group {bpg} is outside 1..{8 * bs}");
        if (ipg == 0 || ipg > 8 * bs) throw Bad(0x28, $"s_inodes_per_group {ipg} is outside 1..{8 * bs}");
        if (isz < 128 || isz > bs || (isz & (isz - 1)) != 0) throw Bad(0x58, $"s_inode_size {isz} is not a power of two in 128..{bs}");
        ulong groups = (blocks - firstData + bpg - 1) / bpg;
        if (groups > MaxGroups)
            throw Bad(0x20, $"{groups} block groups (s_blocks_per_group {bpg}) is more than this reader holds in memory ({MaxGroups})");
        if ((ulong)ipg * groups != inodes)
            throw Bad(0x00, $"s_inodes_count {inodes} is not {groups} groups x {ipg} inodes per group");

        ushort descSize = 32;
        if ((incompat & Ext4IncompatFeatures.Bit64) != 0)
        {
            descSize = ReadUInt16LittleEndian(sb[0xFE..]);
            if (descSize < 64 || descSize > 1024 || (descSize & (descSize - 1)) != 0)
                throw Bad(0xFE, $"s_desc_size {descSize} is not a power of two in 64..1024");
        }

        var uuid = sb.Slice(0x68, 16).ToArray();
        uint seed = (incompat & Ext4IncompatFeatures.CsumSeed) != 0
            ? ReadUInt32LittleEndian(sb[0x270..])
            : Crc32c.Update(~0u, uuid);

        return new Ext4Superblock
        {
            InodesCount = inodes, BlocksCount = blocks, FirstDataBlock = firstData, BlockSize = bs,
            BlocksPerGroup = bpg, InodesPerGroup = ipg, InodeSize = isz, FirstInode = firstIno,
            FeatureCompat = ReadUInt32LittleEndian(sb[0x5C..]), Incompat = incompat, RoCompat = ro, Uuid = uuid,
            DescSize = descSize, FirstMetaBg = ReadUInt32LittleEndian(sb[0x104..]), CsumSeed = seed, GroupCount = (uint)groups,
            ReservedBlocksCount = ReadUInt32LittleEndian(sb[0x08..]) |
                ((incompat & Ext4IncompatFeatures.Bit64) != 0 ? (ulong)ReadUInt32LittleEndian(sb[0x154..]) << 32 : 0),
            ReservedGdtBlocks = ReadUInt16LittleEndian(sb[0xCE..]),
            LogGroupsPerFlex = (incompat & Ext4IncompatFeatures.FlexBg) != 0 && sb[0x174] < 32 ? sb[0x174] : (byte)0,
        };
    }

    /// <summary>Whether group <paramref name="group"/> holds a superblock backup (and so descriptor copies):
    /// every group without sparse_super, else 0, 1 and the powers of 3, 5 and 7.</summary>
    public bool GroupHasSuper(uint group)
    {
        if ((RoCompat & Ext4RoCompatFeatures.SparseSuper) == 0 || group <= 1) return true;
        static bool PowerOf(uint n, uint b) { while (n % b == 0) n /= b; return n == 1; }
        return PowerOf(group, 3) || PowerOf(group, 5) || PowerOf(group, 7);
    }
}
