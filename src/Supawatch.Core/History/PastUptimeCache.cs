using Microsoft.Data.Sqlite;
using Supawatch.Common;

namespace Supawatch.History;

/// <summary>
/// The sums of finished days and hours, which do not change once over: read once a day (once an hour), or again after
/// a write or prune touched them. Rebuilding 90 days per instance every round cost ~0.6 s at 1,000 instances.
/// An instance's past days are one <see cref="DayCounts"/> array (89 × 32 bytes), which every round's
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

        var rows = new Dictionary<string, DayCounts[]>(StringComparer.Ordinal);
        using (var command = connection.Command(
            "SELECT instance_id, bucket, up, degraded, down, stopped, unknown, response_ms_sum, response_count FROM uptime_daily WHERE bucket >= $from AND bucket < $today",
            ("$from", firstDay), ("$today", today)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (!rows.TryGetValue(id, out var days))
                {
                    rows[id] = days = new DayCounts[PastDays.WindowDays - 1];
                }

                var index = (int)(reader.GetInt64(1) - firstDay);
                if (index is >= 0 and < PastDays.WindowDays - 1)
                {
                    days[index] = HistoryReads.DayCounts(reader, 2);
                }
            }
        }

        _pastDays = rows.ToDictionary(r => r.Key, r => PastDays.From(r.Value), StringComparer.Ordinal);
        _noPastDays = PastDays.From(new DayCounts[PastDays.WindowDays - 1]);
        _pastDaysToday = today;
        return _pastDays;
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
            SELECT instance_id, sum(up), sum(degraded), sum(down), sum(stopped), sum(unknown), sum(response_ms_sum), sum(response_count)
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
