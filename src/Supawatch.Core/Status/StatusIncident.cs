namespace Supawatch.Status;

/// <summary>An incident: an instance confirmed down, from start to end (null while open).</summary>
public sealed record StatusIncident(
    long Id,
    string InstanceId,
    string? ProjectName,
    string? OrgId,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double DurationSeconds,
    string? Cause);
