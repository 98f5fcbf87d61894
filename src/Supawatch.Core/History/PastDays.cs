namespace Supawatch.History;

/// <summary>
/// One instance's 89 days before today (oldest first, one 40-byte value each) and their sums over the last 6, 29 and
/// 89 of them, so a round adds only today.
/// </summary>
internal sealed class PastDays(DayCounts[] days, UptimeCounts last6, UptimeCounts last29, UptimeCounts last89)
{
    /// <summary>The days the status page shows, today included.</summary>
    public const int WindowDays = 90;

    public DayCounts[] Days { get; } = days;

    public UptimeCounts Last6 { get; } = last6;

    public UptimeCounts Last29 { get; } = last29;

    public UptimeCounts Last89 { get; } = last89;

    /// <summary>Sums <paramref name="days"/> (filled in place by the caller, <see cref="WindowDays"/> - 1 of them) and keeps the array.</summary>
    public static PastDays From(DayCounts[] days)
    {
        DayCountsSum last6 = default, last29 = default, last89 = default;
        for (var i = 0; i < days.Length; i++)
        {
            var day = days[i];
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

        return new PastDays(days, last6.ToCounts(), last29.ToCounts(), last89.ToCounts());
    }
}
