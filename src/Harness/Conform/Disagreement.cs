namespace IomapModel.Harness.Conform;

/// <summary>One thing a conform run found the live side and the model disagreeing about: at a step (its number), or
/// after unmount (<see cref="Step"/> null: e2fsck, syncfs, the bytes on disk).</summary>
public sealed record Disagreement(int? Step, string What)
{
    public override string ToString() => Step is int n ? $"step {n}: {What}" : What;
}
