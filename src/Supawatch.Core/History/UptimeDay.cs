using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>One UTC day of one instance (or organization): a bar of the status page.</summary>
public sealed record UptimeDay(DateOnly Date, UptimeCounts Counts)
{
    /// <summary>The day's colour: down if any round was down, degraded if any was, then up, stopped, unknown.</summary>
    public HealthStatus Status => Counts switch
    {
        { Down: > 0 } => HealthStatus.Down,
        { Degraded: > 0 } => HealthStatus.Degraded,
        { Up: > 0 } => HealthStatus.Up,
        { Stopped: > 0 } => HealthStatus.Stopped,
        _ => HealthStatus.Unknown,
    };
}
