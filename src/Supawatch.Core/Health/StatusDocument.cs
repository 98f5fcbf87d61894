namespace Supawatch.Health;

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
}
