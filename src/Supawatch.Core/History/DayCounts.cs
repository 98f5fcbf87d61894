using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>
/// One day's rounds per status, as the history cache holds them: a 40-byte value instead of a record (32 before the error-budget counters), so 89 past days
/// of an instance are one array with no object per day. Counts are 32-bit: a day is 86,400,000 ms, so even a round
/// every millisecond (real rounds take longer than their checks' round trips) stays under <see cref="int.MaxValue"/>.
/// </summary>
/// <param name="SloBad">Rounds whose error-budget event was bad (<see cref="UptimeCounts.SloBad"/>).</param>
/// <param name="SloCounted">Rounds counted toward the error budget (<see cref="UptimeCounts.SloCounted"/>).</param>
public readonly record struct DayCounts(int Up, int Degraded, int Down, int Stopped, int Unknown, int ResponseCount, double ResponseMsSum, int SloBad = 0, int SloCounted = 0)
{
    public static DayCounts Zero => default;

    /// <summary>The day's colour: down if any round was down, degraded if any was, then up, stopped, unknown.</summary>
    public HealthStatus Status => StatusOf(Up, Degraded, Down, Stopped);

    /// <summary>Percent available (0-100), or null when no round counted (as <see cref="UptimeCounts.UptimePercent"/>).</summary>
    public double? UptimePercent => UptimeCounts.PercentAvailable(Up, Degraded, Down);

    public UptimeCounts ToCounts() => new(Up, Degraded, Down, Stopped, Unknown, ResponseMsSum, ResponseCount) { SloBad = SloBad, SloCounted = SloCounted };

    /// <summary>A day's counts read back as <see cref="UptimeCounts"/>; a count above <see cref="int.MaxValue"/> (not one day's rounds) is clamped.</summary>
    public static DayCounts From(UptimeCounts counts) => new(
        Clamp(counts.Up), Clamp(counts.Degraded), Clamp(counts.Down), Clamp(counts.Stopped), Clamp(counts.Unknown), Clamp(counts.ResponseCount), counts.ResponseMsSum,
        Clamp(counts.SloBad), Clamp(counts.SloCounted));

    internal static HealthStatus StatusOf(long up, long degraded, long down, long stopped) =>
        down > 0 ? HealthStatus.Down
        : degraded > 0 ? HealthStatus.Degraded
        : up > 0 ? HealthStatus.Up
        : stopped > 0 ? HealthStatus.Stopped
        : HealthStatus.Unknown;

    private static int Clamp(long value) => (int)Math.Clamp(value, 0, int.MaxValue);
}
