using System.Collections.Immutable;

namespace Supawatch.Notices;

/// <summary>
/// Maintenance windows in force (running or to come) and incident reports (open, or resolved in the last
/// <see cref="NoticeBoard.ResolvedKept"/>), published whole; <see cref="Version"/> grows with every change.
/// </summary>
public sealed record NoticeSnapshot(long Version, ImmutableArray<MaintenanceWindow> Windows, ImmutableArray<IncidentReport> Incidents)
{
    public static NoticeSnapshot Empty { get; } = new(0, [], []);

    /// <summary>The occurrences running at <paramref name="at"/>.</summary>
    public IEnumerable<MaintenanceOccurrence> ActiveAt(DateTimeOffset at) =>
        Windows.Select(w => w.OccurrenceAt(at)).OfType<MaintenanceOccurrence>();
}
