namespace Supawatch.History;

/// <summary>One UTC day of one instance (or organization): a bar of the status page.</summary>
public sealed record UptimeDay(DateOnly Date, UptimeCounts Counts)
{
    /// <summary>The day's colour: down if any round was down, degraded if any was, then up, stopped, unknown.</summary>
    public Instances.HealthStatus Status => DayCounts.StatusOf(Counts.Up, Counts.Degraded, Counts.Down, Counts.Stopped);
}
