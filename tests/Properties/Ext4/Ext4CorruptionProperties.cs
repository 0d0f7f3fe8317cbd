using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using IomapModel.Ext4;
using Xunit.Abstractions;

namespace IomapModel.Properties.Ext4;

/// <summary>One corruption: which image, which metadata region, where in it, what kind of damage.</summary>
public sealed record Ext4Mutation(int Target, int Region, int Offset, int Kind, int Value)
{
    public const int Kinds = 5;

    /// <summary>Applies the damage to a copy of the target image; returns the copy and a description.</summary>
    public (byte[] Image, string What) Apply()
    {
        var t = Ext4CorruptionImages.Targets[Target % Ext4CorruptionImages.Targets.Count];
        var (kind, start, length) = t.Regions[Region % t.Regions.Count];
        var img = (byte[])t.Image.Clone();
        long at = start + Offset % Math.Max(1, length);
        string what;
        switch (Kind % Kinds)
        {
            case 0:
                img[at] = (byte)Value;
                what = $"byte = 0x{(byte)Value:x2}";
                break;
            case 1:
                img[at] ^= (byte)(1 << (Value & 7));
                what = $"bit {Value & 7} flipped";
                break;
            case 2:
                at &= ~1L;
                ushort v16 = new ushort[] { 0, 0xFFFF, 0x8000, 1, 5, 6, (ushort)Value }[Value % 7];
                BinaryPrimitives.WriteUInt16LittleEndian(img.AsSpan((int)at), v16);
                what = $"u16 = {v16}";
                break;
            case 3:
                at &= ~3L;
                uint p = t.PointerValues[Value % t.PointerValues.Count];
                BinaryPrimitives.WriteUInt32LittleEndian(img.AsSpan((int)at), p);
                what = $"u32 = {p} (a block number or key seen elsewhere)";
                break;
            default:
                at &= ~3L;
                BinaryPrimitives.WriteUInt32LittleEndian(img.AsSpan((int)at), (uint)Value * 2654435761u);
                what = $"u32 = {(uint)Value * 2654435761u}";
                break;
        }
        return (img, $"{t.Name}: {kind} @ byte {at}: {what}");
    }

    public static Arbitrary<Ext4Mutation> Arbitrary() =>
        Arb.From(
            from target in Gen.Choose(0, 3)
            from region in Gen.Choose(0, 1000)
            from offset in Gen.Frequency((3, Gen.Choose(0, 200)), (1, Gen.Choose(0, 4095)))
            from kind in Gen.Choose(0, Kinds - 1)
            from value in Gen.Choose(0, int.MaxValue)
            select new Ext4Mutation(target, region, offset, kind, value),
            Shrink);

    private static IEnumerable<Ext4Mutation> Shrink(Ext4Mutation m)
    {
        if (m.Offset > 0) yield return m with { Offset = m.Offset / 2 };
        if (m.Value > 0) yield return m with { Value = m.Value / 2 };
        if (m.Region > 0) yield return m with { Region = m.Region / 2 };
    }
}

/// <summary>Issue 5's bad-image property: random damage to the superblock, descriptors, inodes, extent nodes, indirect
/// and directory blocks of real mkfs images is either harmless or rejected with an <see cref="Ext4CorruptionException"/>
/// naming a structure and a byte offset inside the image — never another exception, a hang or a huge allocation.</summary>
public sealed class Ext4CorruptionProperties(ITestOutputHelper output)
{
    [Fact]
    public void Corrupted_images_are_read_or_rejected_with_the_structure_and_offset_at_fault()
    {
        int runs = 0, rejected = 0;
        var byStructure = new Dictionary<string, int>();
        var byTarget = new int[Ext4CorruptionImages.Targets.Count];
        var property = Prop.ForAll(Ext4Mutation.Arbitrary(), m =>
        {
            var (img, what) = m.Apply();
            runs++;
            try
            {
                Ext4CorruptionWalk.ReadEverything(img);
            }
            catch (Ext4CorruptionException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Structure), $"{what}: no structure named");
                Assert.True(e.ByteOffset >= 0 && e.ByteOffset < img.LongLength, $"{what}: offset {e.ByteOffset} outside the image ({e.Message})");
                Assert.Contains($"byte {e.ByteOffset}", e.Message);
                rejected++;
                byTarget[m.Target % byTarget.Length]++;
                var key = System.Text.RegularExpressions.Regex.Replace(e.Structure, @"\d+", "N");
                byStructure[key] = byStructure.GetValueOrDefault(key) + 1;
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{what}: {e.GetType().Name} instead of a corruption error: {e}");
            }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1200), property);
        output.WriteLine($"{runs} mutated images, {rejected} rejected; per image {string.Join(", ", byTarget)}");
        foreach (var (k, n) in byStructure.OrderByDescending(x => x.Value))
            output.WriteLine($"  {n,5}  {k}");
        Assert.True(runs >= 1000, $"only {runs} mutated images");
        Assert.All(byTarget, n => Assert.True(n > 0, "an image never saw a rejected corruption"));
        foreach (var kind in new[] { "superblock", "group descriptor N", "inode N", "extent node of inode N (depth N)" })
            Assert.True(byStructure.ContainsKey(kind), $"no corruption of {kind} was detected: {string.Join(", ", byStructure.Keys)}");
    }
}
