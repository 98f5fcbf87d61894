using Supawatch.Notices;

namespace Supawatch.Api;

/// <summary>A maintenance window in the operator API, with its running or next occurrence.</summary>
public sealed record MaintenanceView(
    long Id,
    string TargetKind,
    string TargetId,
    DateTimeOffset Start,
    double DurationSeconds,
    DateTimeOffset? End,
    string? Recurrence,
    DateTimeOffset? Until,
    string Note,
    DateTimeOffset CreatedAt,
    bool Active,
    DateTimeOffset? NextStart,
    DateTimeOffset? NextEnd)
{
    public static MaintenanceView From(MaintenanceWindow window, DateTimeOffset now)
    {
        var next = window.OccurrenceAt(now) ?? window.Occurrences(now, now + MaintenanceSchedule.OverlapHorizon).FirstOrDefault();
        return new(window.Id, window.Target.KindLabel, window.Target.Id, window.Start, window.Duration.TotalSeconds, window.End, window.Recurrence,
            window.Until, window.Note, window.CreatedAt, next?.Contains(now) == true, next?.Start, next?.End);
    }
}
