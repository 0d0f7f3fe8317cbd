using System.Collections;
using IomapModel.Ext4;

namespace IomapModel.Servers.Fuse2fs;

/// <summary>The inode bitmap in memory (<c>fs->inode_map</c>); <c>INODE_UNINIT</c> groups are all free.</summary>
public sealed class Ext4InodeBitmap
{
    private readonly BitArray _used;
    private readonly uint _firstIno, _perGroup;

    private Ext4InodeBitmap(Ext4Superblock sb)
    {
        _used = new BitArray(checked((int)sb.InodesCount + 1));
        _used[0] = true;
        _firstIno = sb.FirstInode;
        _perGroup = sb.InodesPerGroup;
    }

    public static Ext4InodeBitmap Load(Ext4Image image)
    {
        var sb = image.Superblock;
        var map = new Ext4InodeBitmap(sb);
        var bits = new byte[sb.BlockSize];
        for (uint g = 0; g < sb.GroupCount; g++)
        {
            var gd = image.Groups[(int)g];
            if (gd.InodeBitmapUninit) continue;
            image.ReadBytes((long)gd.InodeBitmap * sb.BlockSize, bits, $"inode bitmap of group {g}");
            for (uint i = 0; i < sb.InodesPerGroup; i++)
                if ((bits[i / 8] & (1 << (int)(i % 8))) != 0) map._used[(int)(g * sb.InodesPerGroup + i + 1)] = true;
        }
        return map;
    }

    public bool InUse(uint ino) => ino >= _used.Length || _used[(int)ino];

    /// <summary><c>ext2fs_new_inode</c> + <c>ext2fs_inode_alloc_stats2(+1)</c>: the first free inode from the start of
    /// the parent directory's group, never below <c>s_first_ino</c>; 0 when none is left.</summary>
    public uint Allocate(uint dirIno)
    {
        uint start = Math.Max((dirIno - 1) / _perGroup * _perGroup + 1, _firstIno);
        for (long n = 0, ino = start; n < _used.Length; n++, ino = ino + 1 >= _used.Length ? _firstIno : ino + 1)
            if (!_used[(int)ino])
            {
                _used[(int)ino] = true;
                return (uint)ino;
            }
        return 0;
    }
}
