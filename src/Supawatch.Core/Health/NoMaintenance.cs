namespace Supawatch.Health;

/// <summary>The calendar when no maintenance is scheduled anywhere (the one-shot <c>health</c> verb, tests).</summary>
public sealed class NoMaintenance : IMaintenanceCalendar
{
    public bool InMaintenance(string instanceId, string? orgId, string host, DateTimeOffset at) => false;
}
