namespace Supawatch.Status;

/// <summary>An incident written by a person, in status.json: its target, title, stage and timeline (newest first).</summary>
public sealed record StatusIncidentReport(
    long Id,
    string TargetKind,
    string TargetId,
    string Title,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<StatusIncidentUpdate> Updates);
