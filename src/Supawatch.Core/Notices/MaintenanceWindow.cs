namespace Supawatch.Notices;

/// <summary>
/// A scheduled maintenance window. A one-off window runs from <see cref="Start"/> for <see cref="Duration"/>. A
/// recurring one (<see cref="Recurrence"/>, a five-field cron expression in UTC) runs for <see cref="Duration"/> from each
/// occurrence at or after <see cref="Start"/>, up to <see cref="Until"/> when given.
/// </summary>
public sealed record MaintenanceWindow(
    long Id,
    NoticeTarget Target,
    DateTimeOffset Start,
    TimeSpan Duration,
    string? Recurrence,
    DateTimeOffset? Until,
    string Note,
    DateTimeOffset CreatedAt)
{
    public bool IsRecurring => Recurrence is not null;

    /// <summary>The end of a one-off window; for a recurring one, the end of its last occurrence's start (<see cref="Until"/>) or null.</summary>
    public DateTimeOffset? End => IsRecurring ? Until : Start + Duration;

    /// <summary>The occurrence running at <paramref name="at"/>, if any.</summary>
    public MaintenanceOccurrence? OccurrenceAt(DateTimeOffset at) =>
        Occurrences(at, at + TimeSpan.FromTicks(1)).FirstOrDefault(o => o.Contains(at));

    /// <summary>Occurrences that overlap [<paramref name="from"/>, <paramref name="to"/>), in order.</summary>
    public IEnumerable<MaintenanceOccurrence> Occurrences(DateTimeOffset from, DateTimeOffset to)
    {
        if (!IsRecurring)
        {
            var only = new MaintenanceOccurrence(this, Start, Start + Duration);
            if (only.Overlaps(from, to))
            {
                yield return only;
            }

            yield break;
        }

        var cron = MaintenanceSchedule.ParseCron(Recurrence!);
        // An occurrence that began up to one duration before `from` still overlaps it.
        var cursor = (from - Duration) > Start ? from - Duration : Start;
        for (var i = 0; i < 10_000; i++)
        {
            var next = cron.GetNextOccurrence(cursor.UtcDateTime, TimeZoneInfo.Utc, inclusive: i == 0);
            if (next is null)
            {
                yield break;
            }

            var start = new DateTimeOffset(next.Value, TimeSpan.Zero);
            if (start >= to || (Until is { } until && start >= until))
            {
                yield break;
            }

            var occurrence = new MaintenanceOccurrence(this, start, start + Duration);
            if (occurrence.Overlaps(from, to))
            {
                yield return occurrence;
            }

            cursor = start;
        }
    }
}
