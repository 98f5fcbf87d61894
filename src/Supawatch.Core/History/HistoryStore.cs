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
    private const int RecentIncidents = 20;

    private readonly SqliteConnection _connection;
    private readonly PastUptimeCache _past = new();

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
        _past.Writing(at / DayMs, at / HourMs);
        using var hourly = UptimeUpsert.Prepare(_connection, transaction, UptimeUpsert.Hourly, at / HourMs);
        using var daily = UptimeUpsert.Prepare(_connection, transaction, UptimeUpsert.Daily, at / DayMs);
        foreach (var sample in round.Samples)
        {
            orgs[sample.InstanceId] = sample.OrgId;
            UptimeUpsert.Run(hourly, sample);
            UptimeUpsert.Run(daily, sample);
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
        _past.Clear();
        return deleted;
    }

    /// <summary>Reads uptime windows, daily bars, incidents and each instance's last recorded status.</summary>
    public HistorySummary Read(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var today = nowMs / DayMs;
        var firstDay = today - PastDays.WindowDays + 1;
        var hour = nowMs / HourMs;
        var past = _past.Days(_connection, today, firstDay);
        var todays = HistoryReads.Buckets(_connection, "uptime_daily", today);
        var pastHours = _past.Hours(_connection, hour);
        var thisHour = HistoryReads.Buckets(_connection, "uptime_hourly", hour);

        var firstDate = DateOnly.FromDateTime(DateTime.UnixEpoch.AddDays(firstDay));
        var instances = ImmutableDictionary.CreateBuilder<string, InstanceHistory>(StringComparer.Ordinal);
        foreach (var id in past.Keys.Union(todays.Keys).Union(pastHours.Keys).Union(thisHour.Keys))
        {
            var before = past.GetValueOrDefault(id) ?? _past.NoPastDays;
            var todayCounts = todays.GetValueOrDefault(id) ?? UptimeCounts.Zero;
            // The past days are the cache's array, shared: a round adds today, it does not copy 90 days per instance.
            var days = new UptimeDays(firstDate, before.Days, DayCounts.From(todayCounts));
            var windows = new UptimeWindows(
                (pastHours.GetValueOrDefault(id) ?? UptimeCounts.Zero).Add(thisHour.GetValueOrDefault(id) ?? UptimeCounts.Zero),
                before.Last6.Add(todayCounts),
                before.Last29.Add(todayCounts),
                before.Last89.Add(todayCounts));
            instances[id] = new InstanceHistory(id, windows, days);
        }

        var open = HistoryReads.Incidents(_connection, "SELECT id, instance_id, org_id, started_at, ended_at, cause FROM incidents WHERE ended_at IS NULL ORDER BY started_at DESC");
        var recent = HistoryReads.Incidents(_connection, $"SELECT id, instance_id, org_id, started_at, ended_at, cause FROM incidents WHERE ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT {RecentIncidents}");
        return new HistorySummary(now, instances.ToImmutable(), open, recent, HistoryReads.LastStatus(_connection));
    }

    /// <summary>Each instance's rounds and the incidents of the UTC days [<paramref name="from"/>, <paramref name="to"/>) (<c>slo report</c>).</summary>
    public HistoryPeriod ReadPeriod(DateOnly from, DateOnly to) => HistoryPeriod.Read(_connection, from, to);

    public void Dispose() => _connection.Dispose();

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
}
