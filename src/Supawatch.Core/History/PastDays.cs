using System.Collections.Immutable;

namespace Supawatch.History;

/// <summary>One instance's 89 days before today (oldest first) and their sums over the last 6, 29 and 89 of them.</summary>
internal sealed record PastDays(ImmutableArray<UptimeDay> Days, UptimeCounts Last6, UptimeCounts Last29, UptimeCounts Last89)
{
    /// <summary>The days the status page shows, today included.</summary>
    public const int WindowDays = 90;

    public static PastDays From(long firstDay, UptimeCounts?[] counts)
    {
        var days = ImmutableArray.CreateBuilder<UptimeDay>(WindowDays);
        UptimeCounts last6 = UptimeCounts.Zero, last29 = UptimeCounts.Zero, last89 = UptimeCounts.Zero;
        for (var i = 0; i < counts.Length; i++)
        {
            var day = counts[i] ?? UptimeCounts.Zero;
            days.Add(new UptimeDay(DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(firstDay + i)), day));
            if (day == UptimeCounts.Zero)
            {
                continue;
            }

            last89 = last89.Add(day);
            if (i >= counts.Length - 29)
            {
                last29 = last29.Add(day);
            }

            if (i >= counts.Length - 6)
            {
                last6 = last6.Add(day);
            }
        }

        return new PastDays(days.ToImmutable(), last6, last29, last89);
    }
}
