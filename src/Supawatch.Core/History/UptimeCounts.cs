namespace Supawatch.History;

/// <summary>
/// Rounds per status over some window. Uptime counts up and degraded as available and excludes rounds
/// stopped on purpose or unknown: a paused project is not an outage.
/// </summary>
public sealed record UptimeCounts(long Up, long Degraded, long Down, long Stopped, long Unknown, double ResponseMsSum, long ResponseCount)
{
    public static UptimeCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>Rounds whose error-budget event was bad (<see cref="SloEvent.Bad"/>): the instance unavailable as the SLO rules define it.</summary>
    public long SloBad { get; init; }

    /// <summary>Rounds counted toward the error budget, good or bad (<see cref="SloEvent.Good"/> + <see cref="SloEvent.Bad"/>).</summary>
    public long SloCounted { get; init; }

    public long Total => Up + Degraded + Down + Stopped + Unknown;

    /// <summary>Percent available (0-100), or null when no round counted.</summary>
    public double? UptimePercent => PercentAvailable(Up, Degraded, Down);

    public double? AverageResponseMs => ResponseCount == 0 ? null : ResponseMsSum / ResponseCount;

    /// <summary>The uptime rule, for every shape of counts (<see cref="DayCounts"/> too): up and degraded are available.</summary>
    internal static double? PercentAvailable(long up, long degraded, long down) =>
        up + degraded + down == 0 ? null : 100.0 * (up + degraded) / (up + degraded + down);

    public UptimeCounts Add(UptimeCounts other) => new(
        Up + other.Up,
        Degraded + other.Degraded,
        Down + other.Down,
        Stopped + other.Stopped,
        Unknown + other.Unknown,
        ResponseMsSum + other.ResponseMsSum,
        ResponseCount + other.ResponseCount)
    {
        SloBad = SloBad + other.SloBad,
        SloCounted = SloCounted + other.SloCounted,
    };
}
