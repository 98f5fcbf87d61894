using Supawatch.Notices;

namespace Supawatch.Status;

/// <summary>Maps the notice board (maintenance windows, incident reports) into status.json's shape.</summary>
public static class StatusNotices
{
    /// <summary>Windows running or to come (their running or next occurrence), soonest first.</summary>
    public static IReadOnlyList<StatusMaintenance> Maintenance(NoticeSnapshot notices, DateTimeOffset now) =>
        [.. notices.Windows
            .Select(w => w.OccurrenceAt(now) ?? w.Occurrences(now, now + MaintenanceSchedule.OverlapHorizon).FirstOrDefault())
            .OfType<MaintenanceOccurrence>()
            .OrderBy(o => o.Start)
            .Select(o => new StatusMaintenance(o.Window.Id, o.Window.Target.KindLabel, o.Window.Target.Id, o.Start, o.End,
                o.Contains(now), o.Window.Recurrence, o.Window.Note))];

    /// <summary>Open reports first, then those resolved in the last week; newest first within each.</summary>
    public static IReadOnlyList<StatusIncidentReport> Reports(NoticeSnapshot notices) =>
        [.. notices.Incidents
            .OrderBy(i => i.ResolvedAt is null ? 0 : 1)
            .ThenByDescending(i => i.UpdatedAt)
            .Select(i => new StatusIncidentReport(i.Id, i.Target.KindLabel, i.Target.Id, i.Title, i.Stage.ToLabel(), i.OpenedAt, i.UpdatedAt, i.ResolvedAt,
                [.. i.Updates.Reverse().Select(u => new StatusIncidentUpdate(u.At, u.Stage.ToLabel(), u.Message))]))];
}
