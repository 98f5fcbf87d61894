using Microsoft.Data.Sqlite;
using Supawatch.Common;

namespace Supawatch.History;

/// <summary>
/// The sums of finished days and hours, which do not change once over: read once a day (once an hour), or again after
/// a write or prune touched them. Rebuilding 90 days per instance every round cost ~0.6 s at 1,000 instances.
/// An instance's past days are one <see cref="DayBar"/> array (89 × 16 bytes), which every round's
/// <see cref="UptimeDays"/> shares: no object per day and no per-round copy (issue 25).
/// </summary>
internal sealed class PastUptimeCache
{
    private Dictionary<string, PastDays>? _pastDays;
    private PastDays? _noPastDays;
    private long _pastDaysToday = long.MaxValue;
    private Dictionary<string, UptimeCounts>? _pastHours;
    private long _pastHoursNow = long.MaxValue;

    /// <summary>The past days of an instance with no rows (all zero), as of the last <see cref="Days"/>.</summary>
    public PastDays NoPastDays => _noPastDays!;

    /// <summary>A round at <paramref name="day"/> and <paramref name="hour"/> is about to be written: forget what it changes.</summary>
    public void Writing(long day, long hour)
    {
        if (day < _pastDaysToday)
        {
            // A queued round from an earlier day (written after the store recovered) changes a past bucket.
            _pastDays = null;
        }

        if (hour < _pastHoursNow)
        {
            _pastHours = null;
        }
    }

    /// <summary>Rows were deleted: read everything again.</summary>
    public void Clear()
    {
        _pastDays = null;
        _pastHours = null;
    }

    /// <summary>The 89 days before today, with their sums.</summary>
    public Dictionary<string, PastDays> Days(SqliteConnection connection, long today, long firstDay)
    {
        if (_pastDays is not null && _pastDaysToday == today)
        {
            return _pastDays;
        }

        // In key order (the table is its primary key, instance then day), so one instance's days are read into one
        // reused array and only their bars are kept: no 40-byte value per day for the whole fleet, even while reading.
        var days = new DayCounts[PastDays.WindowDays - 1];
        var pastDays = new Dictionary<string, PastDays>(StringComparer.Ordinal);
        string? reading = null;
        using (var command = connection.Command(
            "SELECT instance_id, bucket, up, degraded, down, stopped, unknown, response_ms_sum, response_count, slo_bad, slo_counted FROM uptime_daily NOT INDEXED WHERE bucket >= $from AND bucket < $today ORDER BY instance_id, bucket",
            ("$from", firstDay), ("$today", today)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (id != reading)
                {
                    Keep(pastDays, reading, days);
                    reading = id;
                }

                var index = (int)(reader.GetInt64(1) - firstDay);
                if (index is >= 0 and < PastDays.WindowDays - 1)
                {
                    days[index] = HistoryReads.DayCounts(reader, 2);
                }
            }
        }

        Keep(pastDays, reading, days);
        _pastDays = pastDays;
        _noPastDays = PastDays.From(new DayCounts[PastDays.WindowDays - 1]);
        _pastDaysToday = today;
        return _pastDays;
    }

    private static void Keep(Dictionary<string, PastDays> pastDays, string? id, DayCounts[] days)
    {
        if (id is not null)
        {
            pastDays[id] = PastDays.From(days);
            Array.Clear(days);
        }
    }

    /// <summary>The 23 whole hours before this one, summed per instance.</summary>
    public Dictionary<string, UptimeCounts> Hours(SqliteConnection connection, long hour)
    {
        if (_pastHours is not null && _pastHoursNow == hour)
        {
            return _pastHours;
        }

        _pastHours = new Dictionary<string, UptimeCounts>(StringComparer.Ordinal);
        using (var command = connection.Command("""
            SELECT instance_id, sum(up), sum(degraded), sum(down), sum(stopped), sum(unknown), sum(response_ms_sum), sum(response_count), sum(slo_bad), sum(slo_counted)
            FROM uptime_hourly WHERE bucket > $from AND bucket < $hour GROUP BY instance_id
            """, ("$from", hour - 24), ("$hour", hour)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                _pastHours[reader.GetString(0)] = HistoryReads.Counts(reader, 1);
            }
        }

        _pastHoursNow = hour;
        return _pastHours;
    }
}
