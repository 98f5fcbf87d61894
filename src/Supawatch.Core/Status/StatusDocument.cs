using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// <c>status.json</c> and <c>/status/api/status.json</c>: the whole status page as data. Schema in
/// docs/status-api.md; <see cref="SchemaVersion"/> changes only when a field is removed or changes meaning.
/// Holds no addresses, ports, container ids or secrets.
/// </summary>
public sealed record StatusDocument(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    DateTimeOffset? LastCheckAt,
    long Round,
    double IntervalSeconds,
    HealthStatus Overall,
    StatusCounts Counts,
    StatusProblems Problems,
    IReadOnlyList<StatusOrganization> Organizations,
    StatusIncidents Incidents)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>Each Docker host by its <c>DOCKER_HOSTS</c> name: whether discovery reaches it, and its instances.</summary>
    public IReadOnlyList<StatusHost> Hosts { get; init; } = [];

    /// <summary>Scheduled maintenance windows running or to come (<c>supawatch maintenance</c>).</summary>
    public IReadOnlyList<StatusMaintenance> Maintenance { get; init; } = [];

    /// <summary>The operator's line for the top of every page (<c>SUPAWATCH_STATUS_NOTICE</c>); null when not set.</summary>
    public string? Notice { get; init; }

    /// <summary>Incidents written by people (<c>supawatch incident</c>): open ones, and those resolved in the last week.</summary>
    public IReadOnlyList<StatusIncidentReport> IncidentReports { get; init; } = [];
}

/// <param name="Up">False when discovery's last read of the host failed: its instances show their last known state.</param>
public sealed record StatusHost(string Name, bool Up, int Instances);
