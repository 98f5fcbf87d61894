using System.Collections.Immutable;

namespace Supawatch.Notices;

/// <summary>
/// An incident written by a person, on an organization or an instance: a title, the stage it is at and its timeline
/// (oldest first; the first entry is the opening message). Resolved when its last update says so.
/// </summary>
public sealed record IncidentReport(
    long Id,
    NoticeTarget Target,
    string Title,
    DateTimeOffset OpenedAt,
    ImmutableArray<IncidentUpdate> Updates)
{
    public IncidentStage Stage => Updates.IsEmpty ? IncidentStage.Investigating : Updates[^1].Stage;

    public DateTimeOffset UpdatedAt => Updates.IsEmpty ? OpenedAt : Updates[^1].At;

    public DateTimeOffset? ResolvedAt => Stage == IncidentStage.Resolved ? UpdatedAt : null;
}
