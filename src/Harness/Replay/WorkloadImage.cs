using IomapModel.Harness.Host;
using IomapModel.Traces.Conform;
using IomapModel.Traces.Import;

namespace IomapModel.Harness.Replay;

/// <summary>The starting image of a workload's replay: the user's (<c>--image</c>), a fresh one from
/// <c>--mkfs</c>, the recipe the workload's header records (the captures used a fixed UUID, hash seed and clock, so
/// it is the same empty filesystem they ran on), or, when none of these exists, a fresh <see cref="Default"/>.</summary>
public static class WorkloadImage
{
    public static readonly MkfsSpec Default = new("mkfs.ext4", ["-b", "4096"], 64L << 20);

    /// <summary>The image bytes and a sentence saying where they came from.</summary>
    public static (byte[] Bytes, string Description) For(ImportedWorkload workload, string? imagePath, MkfsSpec? mkfs)
    {
        if (imagePath is not null) return (File.ReadAllBytes(imagePath), $"{imagePath} (--image)");
        if (mkfs is not null) return (MkfsImage.BuildEmpty(mkfs), $"{mkfs} (--mkfs)");
        if (workload.Mkfs is { } recorded) return (MkfsImage.BuildEmpty(recorded), $"{recorded} (the recipe in the file's '# image:' header)");
        return (MkfsImage.BuildEmpty(Default), $"{Default} (a fresh image: the file names none)");
    }
}
