using Supawatch.Instances;

namespace Supawatch.Status;

/// <summary>
/// <c>/status/api/overview.json</c>: the fleet by organization, problems first, without instances (a few hundred
/// bytes per organization where status.json carries 6 KB per instance).
/// </summary>
public sealed record StatusOverviewDocument(
    int SchemaVersion,
    DateTimeOffset GeneratedAt,
    DateTimeOffset? LastCheckAt,
    long Round,
    double IntervalSeconds,
    HealthStatus Overall,
    StatusCounts Counts,
    StatusProblems Problems,
    IReadOnlyList<StatusOrganizationSummary> Organizations);
