namespace Supawatch.History;

/// <summary>Counts over the last 24 hours, 7, 30 and 90 days.</summary>
public sealed record UptimeWindows(UptimeCounts Last24Hours, UptimeCounts Last7Days, UptimeCounts Last30Days, UptimeCounts Last90Days)
{
    public static UptimeWindows Zero { get; } = new(UptimeCounts.Zero, UptimeCounts.Zero, UptimeCounts.Zero, UptimeCounts.Zero);

    public UptimeWindows Add(UptimeWindows other) => new(
        Last24Hours.Add(other.Last24Hours),
        Last7Days.Add(other.Last7Days),
        Last30Days.Add(other.Last30Days),
        Last90Days.Add(other.Last90Days));
}
