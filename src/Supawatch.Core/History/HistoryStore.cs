using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>
/// The embedded SQLite history: state changes, incidents and uptime buckets. WAL mode with a busy timeout,
/// so readers never block the writer and a crash mid-write loses at most the transaction in flight.
/// Throws <see cref="SqliteException"/> on trouble; <see cref="HistoryRecorder"/> is what keeps going.
/// </summary>
public sealed class HistoryStore : IDisposable
{
    private const long HourMs = 3_600_000;
    private const long DayMs = 86_400_000;
    private const int WindowDays = 90;
    private const int RecentIncidents = 20;

    private static readonly string UpsertHourly = HistorySchema.Upsert.Replace("{0}", "uptime_hourly", StringComparison.Ordinal);
    private static readonly string UpsertDaily = HistorySchema.Upsert.Replace("{0}", "uptime_daily", StringComparison.Ordinal);

    private readonly SqliteConnection _connection;
    private Dictionary<string, PastDays>? _pastDays;
    private PastDays? _noPastDays;
    private long _pastDaysToday = long.MaxValue;
    private Dictionary<string, UptimeCounts>? _pastHours;
    private long _pastHoursNow = long.MaxValue;

    public HistoryStore(string path, TimeSpan busyTimeout)
    {
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
        };
        _connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            _connection.Open();
            Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds};"));
            Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
            Execute(HistorySchema.Create);
            Execute($"INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '{HistorySchema.Version}');");
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public string Path { get; }

    /// <summary>Writes one round (uptime ticks, state changes, incidents) in one transaction.</summary>
    public void Write(HistoryRound round)
    {
        using var transaction = _connection.BeginTransaction();
        var at = round.At.ToUnixTimeMilliseconds();
        var orgs = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (at / DayMs < _pastDaysToday)
        {
            // A queued round from an earlier day (written after the store recovered) changes a past bucket.
            _pastDays = null;
        }

        if (at / HourMs < _pastHoursNow)
        {
            _pastHours = null;
        }

        // One prepared statement per table for the whole round: preparing 2,000 upserts one by one was most of a
        // 1,000-instance round's history write.
        using var hourly = UpsertCommand(transaction, UpsertHourly, at / HourMs);
        using var daily = UpsertCommand(transaction, UpsertDaily, at / DayMs);
        foreach (var sample in round.Samples)
        {
            orgs[sample.InstanceId] = sample.OrgId;
            Upsert(hourly, sample);
            Upsert(daily, sample);
        }

        foreach (var change in round.Changes)
        {
            var changeAt = change.At.ToUnixTimeMilliseconds();
            Run(transaction, "INSERT INTO transitions(instance_id, at, old_status, new_status, cause) VALUES($id, $at, $old, $new, $cause)",
                ("$id", change.InstanceId), ("$at", changeAt), ("$old", change.From.ToLabel()), ("$new", change.To.ToLabel()), ("$cause", change.Cause));
            if (change.To == HealthStatus.Down)
            {
                Run(transaction, """
                    INSERT INTO incidents(instance_id, org_id, started_at, cause)
                    SELECT $id, $org, $at, $cause WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE instance_id = $id AND ended_at IS NULL)
                    """,
                    ("$id", change.InstanceId), ("$org", orgs.GetValueOrDefault(change.InstanceId)), ("$at", changeAt), ("$cause", change.Cause));
            }
            else
            {
                Run(transaction, "UPDATE incidents SET ended_at = $at WHERE instance_id = $id AND ended_at IS NULL",
                    ("$id", change.InstanceId), ("$at", changeAt));
            }
        }

        transaction.Commit();
    }

    /// <summary>Deletes what is older than <paramref name="retention"/>; hourly buckets are kept two days.</summary>
    public int Prune(DateTimeOffset now, TimeSpan retention)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var cutoff = nowMs - (long)retention.TotalMilliseconds;
        using var transaction = _connection.BeginTransaction();
        var deleted = Run(transaction, "DELETE FROM uptime_hourly WHERE bucket < $b", ("$b", (nowMs / HourMs) - 48));
        deleted += Run(transaction, "DELETE FROM uptime_daily WHERE bucket < $b", ("$b", cutoff / DayMs));
        deleted += Run(transaction, "DELETE FROM transitions WHERE at < $c", ("$c", cutoff));
        deleted += Run(transaction, "DELETE FROM incidents WHERE ended_at IS NOT NULL AND ended_at < $c", ("$c", cutoff));
        transaction.Commit();
        _pastDays = null;
        _pastHours = null;
        return deleted;
    }

    /// <summary>Reads uptime windows, daily bars, incidents and each instance's last recorded status.</summary>
    public HistorySummary Read(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var today = nowMs / DayMs;
        var firstDay = today - WindowDays + 1;
        var hour = nowMs / HourMs;
        var past = PastDaysUpTo(today, firstDay);
        var todays = ReadBuckets("uptime_daily", today);
        var pastHours = PastHoursUpTo(hour);
        var thisHour = ReadBuckets("uptime_hourly", hour);

        var todayDate = DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(today));
        var instances = ImmutableDictionary.CreateBuilder<string, InstanceHistory>(StringComparer.Ordinal);
        foreach (var id in past.Keys.Union(todays.Keys).Union(pastHours.Keys).Union(thisHour.Keys))
        {
            var before = past.GetValueOrDefault(id) ?? _noPastDays!;
            var todayCounts = todays.GetValueOrDefault(id) ?? UptimeCounts.Zero;
            var days = before.Days.Add(new UptimeDay(todayDate, todayCounts));
            var windows = new UptimeWindows(
                (pastHours.GetValueOrDefault(id) ?? UptimeCounts.Zero).Add(thisHour.GetValueOrDefault(id) ?? UptimeCounts.Zero),
                before.Last6.Add(todayCounts),
                before.Last29.Add(todayCounts),
                before.Last89.Add(todayCounts));
            instances[id] = new InstanceHistory(id, windows, days);
        }

        var open = ReadIncidents("SELECT id, instance_id, org_id, started_at, ended_at, cause FROM incidents WHERE ended_at IS NULL ORDER BY started_at DESC");
        var recent = ReadIncidents($"SELECT id, instance_id, org_id, started_at, ended_at, cause FROM incidents WHERE ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT {RecentIncidents}");
        return new HistorySummary(now, instances.ToImmutable(), open, recent, ReadLastStatus());
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// The 89 days before today, with their sums. Past days do not change once over, so they are read and summed once
    /// a day (or after a write or prune touched them); every round reads only today's buckets: rebuilding 90 days per
    /// instance every round cost ~0.6 s at 1,000 instances.
    /// </summary>
    private Dictionary<string, PastDays> PastDaysUpTo(long today, long firstDay)
    {
        if (_pastDays is not null && _pastDaysToday == today)
        {
            return _pastDays;
        }

        var rows = new Dictionary<string, UptimeCounts?[]>(StringComparer.Ordinal);
        using (var command = Command(
            "SELECT instance_id, bucket, up, degraded, down, stopped, unknown, response_ms_sum, response_count FROM uptime_daily WHERE bucket >= $from AND bucket < $today",
            ("$from", firstDay), ("$today", today)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var id = reader.GetString(0);
                if (!rows.TryGetValue(id, out var days))
                {
                    rows[id] = days = new UptimeCounts?[WindowDays - 1];
                }

                var index = (int)(reader.GetInt64(1) - firstDay);
                if (index is >= 0 and < WindowDays - 1)
                {
                    days[index] = Counts(reader, 2);
                }
            }
        }

        _pastDays = rows.ToDictionary(r => r.Key, r => PastDays.From(firstDay, r.Value), StringComparer.Ordinal);
        _noPastDays = PastDays.From(firstDay, new UptimeCounts?[WindowDays - 1]);
        _pastDaysToday = today;
        return _pastDays;
    }

    /// <summary>The 23 whole hours before this one, summed per instance; read once an hour, like <see cref="PastDaysUpTo"/>.</summary>
    private Dictionary<string, UptimeCounts> PastHoursUpTo(long hour)
    {
        if (_pastHours is not null && _pastHoursNow == hour)
        {
            return _pastHours;
        }

        _pastHours = new Dictionary<string, UptimeCounts>(StringComparer.Ordinal);
        using (var command = Command("""
            SELECT instance_id, sum(up), sum(degraded), sum(down), sum(stopped), sum(unknown), sum(response_ms_sum), sum(response_count)
            FROM uptime_hourly WHERE bucket > $from AND bucket < $hour GROUP BY instance_id
            """, ("$from", hour - 24), ("$hour", hour)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                _pastHours[reader.GetString(0)] = Counts(reader, 1);
            }
        }

        _pastHoursNow = hour;
        return _pastHours;
    }

    /// <summary>Every instance's counts in one bucket of a table (today's day, this hour).</summary>
    private Dictionary<string, UptimeCounts> ReadBuckets(string table, long bucket)
    {
        var counts = new Dictionary<string, UptimeCounts>(StringComparer.Ordinal);
        using var command = Command(
            $"SELECT instance_id, up, degraded, down, stopped, unknown, response_ms_sum, response_count FROM {table} WHERE bucket = $bucket",
            ("$bucket", bucket));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = Counts(reader, 1);
        }

        return counts;
    }

    private ImmutableDictionary<string, (HealthStatus, DateTimeOffset)> ReadLastStatus()
    {
        var last = ImmutableDictionary.CreateBuilder<string, (HealthStatus, DateTimeOffset)>(StringComparer.Ordinal);
        using var command = Command("SELECT instance_id, new_status, at FROM transitions WHERE id IN (SELECT max(id) FROM transitions GROUP BY instance_id)");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            last[reader.GetString(0)] = (HealthStatuses.Parse(reader.GetString(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
        }

        return last.ToImmutable();
    }

    private ImmutableArray<Incident> ReadIncidents(string sql)
    {
        var incidents = ImmutableArray.CreateBuilder<Incident>();
        using var command = Command(sql);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            incidents.Add(new Incident(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return incidents.ToImmutable();
    }

    private static UptimeCounts Counts(SqliteDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3), reader.GetInt64(first + 4),
        reader.GetDouble(first + 5), reader.GetInt64(first + 6));

    private SqliteCommand UpsertCommand(SqliteTransaction transaction, string sql, long bucket)
    {
        var command = Command(sql, ("$bucket", bucket));
        command.Transaction = transaction;
        foreach (var name in (ReadOnlySpan<string>)["$id", "$org", "$up", "$degraded", "$down", "$stopped", "$unknown", "$ms", "$count"])
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Upsert(SqliteCommand command, HistorySample sample)
    {
        var values = command.Parameters;
        values["$id"].Value = sample.InstanceId;
        values["$org"].Value = (object?)sample.OrgId ?? DBNull.Value;
        values["$up"].Value = sample.Status == HealthStatus.Up ? 1 : 0;
        values["$degraded"].Value = sample.Status == HealthStatus.Degraded ? 1 : 0;
        values["$down"].Value = sample.Status == HealthStatus.Down ? 1 : 0;
        // A maintenance round is planned downtime: counted with the rounds stopped on purpose, never charged to uptime.
        values["$stopped"].Value = sample.Status is HealthStatus.Stopped or HealthStatus.Maintenance ? 1 : 0;
        values["$unknown"].Value = sample.Status == HealthStatus.Unknown ? 1 : 0;
        values["$ms"].Value = sample.ResponseMs ?? 0.0;
        values["$count"].Value = sample.ResponseMs is null ? 0 : 1;
        command.ExecuteNonQuery();
    }

    private int Run(SqliteTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.Transaction = transaction;
        return command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters) => _connection.Command(sql, parameters);

    /// <summary>One instance's 89 days before today (oldest first) and their sums over the last 6, 29 and 89 of them.</summary>
    private sealed record PastDays(ImmutableArray<UptimeDay> Days, UptimeCounts Last6, UptimeCounts Last29, UptimeCounts Last89)
    {
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
}
