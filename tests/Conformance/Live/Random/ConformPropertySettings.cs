using System.Globalization;

namespace IomapModel.Conformance.Live.Random;

/// <summary>How many random scripts the conform property runs and from which seed, from the environment
/// (tests/Conformance/README.md): <c>IOMAPMODEL_CONFORM_RUNS</c> (default <see cref="DefaultRuns"/>) and
/// <c>IOMAPMODEL_CONFORM_SEED</c> (default <see cref="DefaultSeed"/>, so CI always runs the same scripts;
/// <c>random</c> for a fresh one, printed so a failure can be replayed).</summary>
public sealed record ConformPropertySettings(int Runs, ulong Seed)
{
    public const int DefaultRuns = 50;
    public const ulong DefaultSeed = 20250717;
    public const string RunsVariable = "IOMAPMODEL_CONFORM_RUNS", SeedVariable = "IOMAPMODEL_CONFORM_SEED";

    public static ConformPropertySettings FromEnvironment() => Parse(
        Environment.GetEnvironmentVariable(RunsVariable), Environment.GetEnvironmentVariable(SeedVariable));

    public static ConformPropertySettings Parse(string? runs, string? seed)
    {
        int n = DefaultRuns;
        if (!string.IsNullOrWhiteSpace(runs) && (!int.TryParse(runs, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1))
            throw new ArgumentException($"{RunsVariable}: expected a positive number of scripts, got '{runs}'");
        ulong s = DefaultSeed;
        if (string.Equals(seed?.Trim(), "random", StringComparison.OrdinalIgnoreCase)) s = (ulong)System.Random.Shared.NextInt64(1, long.MaxValue);
        else if (!string.IsNullOrWhiteSpace(seed) && !ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out s))
            throw new ArgumentException($"{SeedVariable}: expected a number or 'random', got '{seed}'");
        return new ConformPropertySettings(n, s);
    }
}
