namespace Supawatch.Instances;

/// <summary>
/// The state of a check, a component or an instance. Numeric values are the codes exported in
/// <c>supabase_instance_health_status</c>; keep them stable.
/// </summary>
public enum HealthStatus
{
    /// <summary>Not checked yet, or nothing could be checked.</summary>
    Unknown = 0,

    Up = 1,

    /// <summary>Serving, but a non-critical part is down or Docker reports it unhealthy.</summary>
    Degraded = 2,

    /// <summary>A critical component (by default Kong or the database) does not answer.</summary>
    Down = 3,

    /// <summary>Stopped on purpose: the master DB says the project is paused or stopped.</summary>
    Stopped = 4,

    /// <summary>In a scheduled maintenance window (<c>supawatch maintenance</c>): not charged to uptime, not an incident.</summary>
    Maintenance = 5,
}
