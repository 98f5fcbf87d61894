namespace Supawatch.Status;

/// <summary>
/// A maintenance window in status.json: what it covers (<c>instance</c>, <c>org</c> or <c>host</c> and the id), its
/// running or next occurrence, whether that is running now, the cron expression of a recurring one, and the note.
/// </summary>
public sealed record StatusMaintenance(
    long Id,
    string TargetKind,
    string TargetId,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool Active,
    string? Recurrence,
    string Note);
