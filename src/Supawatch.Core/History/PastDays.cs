namespace Supawatch.History;

/// <summary>
/// One instance's 89 days before today (oldest first, one 16-byte <see cref="DayBar"/> each) and their sums over the
/// last 6, 29 and 89 of them, taken from the full counts, so a round adds only today.
/// </summary>
internal sealed class PastDays(DayBar[] days, UptimeCounts last6, UptimeCounts last29, UptimeCounts last89)
{
    /// <summary>The days the status page shows, today included.</summary>
    public const int WindowDays = 90;

    public DayBar[] Days { get; } = days;

    public UptimeCounts Last6 { get; } = last6;

    public UptimeCounts Last29 { get; } = last29;

    public UptimeCounts Last89 { get; } = last89;

    /// <summary>Sums <paramref name="days"/> (<see cref="WindowDays"/> - 1 of them, oldest first) and keeps their bars.</summary>
    public static PastDays From(ReadOnlySpan<DayCounts> days)
    {
        DayCountsSum last6 = default, last29 = default, last89 = default;
        var bars = new DayBar[days.Length];
        for (var i = 0; i < days.Length; i++)
        {
            var day = days[i];
            bars[i] = DayBar.From(day);
            if (day == DayCounts.Zero)
            {
                continue;
            }

            last89.Add(day);
            if (i >= days.Length - 29)
            {
                last29.Add(day);
            }

            if (i >= days.Length - 6)
            {
                last6.Add(day);
            }
        }

        return new PastDays(bars, last6.ToCounts(), last29.ToCounts(), last89.ToCounts());
    }
}
