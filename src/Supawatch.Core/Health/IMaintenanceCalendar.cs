namespace Supawatch.Health;

/// <summary>
/// Says whether an instance is in a scheduled maintenance window; the health round then reports it as
/// <see cref="Instances.HealthStatus.Maintenance"/> instead of what the probes saw. Declared here and implemented by the
/// maintenance concept (<c>Notices</c>), so health never depends on it.
/// </summary>
public interface IMaintenanceCalendar
{
    /// <summary>True when a window covers the instance (by id, organization or host) at <paramref name="at"/>.</summary>
    bool InMaintenance(string instanceId, string? orgId, string host, DateTimeOffset at);
}
