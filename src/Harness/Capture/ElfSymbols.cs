using System.Buffers.Binary;
using System.Text;

namespace IomapModel.Harness.Capture;

/// <summary>The file offset of a function a shared library exports (its <c>.dynsym</c> entry, the address turned into a
/// file offset through the program headers): where a uprobe on it goes. ELF64 little-endian only (x86-64, arm64).</summary>
internal static class ElfSymbols
{
    /// <summary>The offset of <paramref name="name"/> in <paramref name="path"/>, or null when the file is no such ELF or
    /// does not define it.</summary>
    public static ulong? Offset(string path, string name)
    {
        byte[] elf;
        try { elf = File.ReadAllBytes(path); }
        catch (IOException) { return null; }
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1) return null;
        var span = elf.AsSpan();
        ulong phoff = U64(span, 0x20), shoff = U64(span, 0x28);
        int phentsize = U16(span, 0x36), phnum = U16(span, 0x38), shentsize = U16(span, 0x3a), shnum = U16(span, 0x3c);
        if (shoff == 0 || shoff + (ulong)(shnum * shentsize) > (ulong)elf.Length) return null;
        for (int i = 0; i < shnum; i++)
        {
            var sh = span.Slice((int)shoff + i * shentsize, shentsize);
            if (U32(sh, 4) != 11) continue;   // SHT_DYNSYM
            ulong symOff = U64(sh, 0x18), symSize = U64(sh, 0x20), entSize = U64(sh, 0x38);
            int link = (int)U32(sh, 0x28);
            if (link >= shnum || entSize < 24) return null;
            var strtab = span.Slice((int)shoff + link * shentsize, shentsize);
            ulong strOff = U64(strtab, 0x18), strSize = U64(strtab, 0x20);
            if (symOff + symSize > (ulong)elf.Length || strOff + strSize > (ulong)elf.Length) return null;
            for (ulong s = symOff; s + entSize <= symOff + symSize; s += entSize)
            {
                var sym = span.Slice((int)s, (int)entSize);
                uint nameOff = U32(sym, 0);
                if ((sym[4] & 0xf) != 2 || U16(sym, 6) == 0 || nameOff >= strSize) continue;   // STT_FUNC, defined
                var str = span[(int)(strOff + nameOff)..];
                int end = str.IndexOf((byte)0);
                if (end < 0 || Encoding.ASCII.GetString(str[..end]) != name) continue;
                ulong value = U64(sym, 8);
                for (int p = 0; p < phnum; p++)
                {
                    var ph = span.Slice((int)phoff + p * phentsize, phentsize);
                    ulong vaddr = U64(ph, 0x10), filesz = U64(ph, 0x20), offset = U64(ph, 0x08);
                    if (U32(ph, 0) == 1 && value >= vaddr && value < vaddr + filesz) return value - vaddr + offset;   // PT_LOAD
                }
                return null;
            }
        }
        return null;
    }

    private static ushort U16(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt16LittleEndian(s[at..]);
    private static uint U32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
    private static ulong U64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);
}
