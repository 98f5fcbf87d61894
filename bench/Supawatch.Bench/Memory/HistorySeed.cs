using Microsoft.Data.Sqlite;
using Supawatch.History;

namespace Supawatch.Bench.Memory;

/// <summary>
/// SYNTHETIC history written straight into a Supawatch history store (issue 25): for each instance, <c>days</c> days of
/// daily buckets and 48 hourly buckets of 30 s rounds, mostly up, with outages (1 min to 2 h down, on about one day in
/// 30) and degraded spells (about one day in 45) placed by a hash of the instance and the day, each outage an incident
/// closed with its two transitions. So the instances' 90-day strips differ, as a real fleet's do, and the status page
/// cannot share them. Used by <c>history-90d</c> and by the memory-floor scenarios' <c>--history-days</c>.
/// </summary>
internal static class HistorySeed
{
    private const long DayMs = 86_400_000;
    private const long HourMs = 3_600_000;
    private const long RoundMs = 30_000;

    /// <param name="id">The instance id of the n-th instance, as the service will see it.</param>
    /// <param name="org">Its organisation, or null (no master database).</param>
    public static void Write(string path, int instances, int days, DateTimeOffset now, Func<int, string> id, Func<int, string?> org)
    {
        // The store creates the schema; the rows go in through one connection and one transaction.
        using (new HistoryStore(path, TimeSpan.FromSeconds(5)))
        {
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var nowMs = now.ToUnixTimeMilliseconds();
        var firstDay = (nowMs / DayMs) - days + 1;
        var firstHour = (nowMs / HourMs) - 47;
        using var daily = Upsert(connection, transaction, "uptime_daily");
        using var hourly = Upsert(connection, transaction, "uptime_hourly");
        using var incident = Command(connection, transaction, "INSERT INTO incidents(instance_id, org_id, started_at, ended_at, cause) VALUES($id, $org, $start, $end, 'kong: connection refused')", "$id", "$org", "$start", "$end");
        using var transition = Command(connection, transaction, "INSERT INTO transitions(instance_id, at, old_status, new_status, cause) VALUES($id, $at, $old, $new, NULL)", "$id", "$at", "$old", "$new");
        var spells = new List<Spell>();
        for (var i = 0; i < instances; i++)
        {
            var instanceId = id(i);
            var orgId = (object?)org(i) ?? DBNull.Value;
            spells.Clear();
            for (var day = firstDay; day <= nowMs / DayMs; day++)
            {
                var hash = Mix(i, day);
                var start = (day * DayMs) + ((long)(hash % 2880) * RoundMs);
                if (hash / 2880 % 30 == 0 && start + RoundMs < nowMs)
                {
                    var end = Math.Min(nowMs, start + ((2 + (long)(hash / 86_400 % 239)) * RoundMs));
                    spells.Add(new Spell(start, end, Down: true));
                    Bind(incident, instanceId, orgId, start, end);
                    Bind(transition, instanceId, start, "up", "down");
                    Bind(transition, instanceId, end, "down", "up");
                }
                else if (hash / 2880 % 45 == 1 && start + RoundMs < nowMs)
                {
                    spells.Add(new Spell(start, Math.Min(nowMs, start + ((10 + (long)(hash / 86_400 % 200)) * RoundMs)), Down: false));
                }
            }

            // A response time per instance, 20-99 ms, so the buckets' sums differ too.
            var responseMs = 20 + (i % 80);
            for (var day = firstDay; day <= nowMs / DayMs; day++)
            {
                Bucket(daily, instanceId, orgId, day, day * DayMs, Math.Min(nowMs, (day + 1) * DayMs), spells, responseMs);
            }

            for (var hour = firstHour; hour <= nowMs / HourMs; hour++)
            {
                Bucket(hourly, instanceId, orgId, hour, hour * HourMs, Math.Min(nowMs, (hour + 1) * HourMs), spells, responseMs);
            }
        }

        transaction.Commit();
    }

    private static void Bucket(SqliteCommand command, string id, object org, long bucket, long from, long to, List<Spell> spells, int responseMs)
    {
        var rounds = Math.Max(1, (to - from) / RoundMs);
        long down = 0;
        long degraded = 0;
        foreach (var spell in spells)
        {
            var overlap = Math.Max(0, Math.Min(to, spell.End) - Math.Max(from, spell.Start)) / RoundMs;
            if (spell.Down)
            {
                down += overlap;
            }
            else
            {
                degraded += overlap;
            }
        }

        down = Math.Min(down, rounds);
        degraded = Math.Min(degraded, rounds - down);
        var up = rounds - down - degraded;
        Bind(command, id, bucket, org, up, degraded, down, (double)(up + degraded) * responseMs, up + degraded, down, rounds);
    }

    private static SqliteCommand Upsert(SqliteConnection connection, SqliteTransaction transaction, string table) => Command(
        connection,
        transaction,
        $"INSERT INTO {table}(instance_id, bucket, org_id, up, degraded, down, stopped, unknown, response_ms_sum, response_count, slo_bad, slo_counted) VALUES($id, $bucket, $org, $up, $degraded, $down, 0, 0, $ms, $count, $bad, $counted)",
        "$id", "$bucket", "$org", "$up", "$degraded", "$down", "$ms", "$count", "$bad", "$counted");

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    /// <summary>A well-spread 64-bit hash of (instance, day) (SplitMix64's finaliser), the same on every run.</summary>
    private static ulong Mix(int instance, long day)
    {
        var x = ((ulong)instance * 0x9E3779B97F4A7C15UL) ^ ((ulong)day * 0xBF58476D1CE4E5B9UL);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private readonly record struct Spell(long Start, long End, bool Down);
}
