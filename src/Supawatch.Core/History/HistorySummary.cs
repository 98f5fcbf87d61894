using System.Collections.Immutable;
using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>
/// The history read back after a round: the status page and status.json render from this in memory,
/// so no request ever waits on the store.
/// </summary>
public sealed record HistorySummary(
    DateTimeOffset ReadAt,
    ImmutableDictionary<string, InstanceHistory> Instances,
    ImmutableArray<Incident> OpenIncidents,
    ImmutableArray<Incident> RecentIncidents,
    ImmutableDictionary<string, (HealthStatus Status, DateTimeOffset Since)> LastStatus)
{
    public static HistorySummary Empty { get; } = new(
        DateTimeOffset.MinValue,
        ImmutableDictionary<string, InstanceHistory>.Empty,
        [],
        [],
        ImmutableDictionary<string, (HealthStatus, DateTimeOffset)>.Empty);

    public InstanceHistory? For(string instanceId) => Instances.GetValueOrDefault(instanceId);
}
