using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Supawatch.Common;
using Supawatch.Instances;

namespace Supawatch.History;

/// <summary>The history's queries that read rows into the model: buckets, incidents, each instance's last status.</summary>
internal static class HistoryReads
{
    /// <summary>Every instance's counts in one bucket of a table (today's day, this hour).</summary>
    public static Dictionary<string, UptimeCounts> Buckets(SqliteConnection connection, string table, long bucket)
    {
        var counts = new Dictionary<string, UptimeCounts>(StringComparer.Ordinal);
        using var command = connection.Command(
            $"SELECT instance_id, up, degraded, down, stopped, unknown, response_ms_sum, response_count FROM {table} WHERE bucket = $bucket",
            ("$bucket", bucket));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = Counts(reader, 1);
        }

        return counts;
    }

    public static ImmutableDictionary<string, (HealthStatus, DateTimeOffset)> LastStatus(SqliteConnection connection)
    {
        var last = ImmutableDictionary.CreateBuilder<string, (HealthStatus, DateTimeOffset)>(StringComparer.Ordinal);
        using var command = connection.Command("SELECT instance_id, new_status, at FROM transitions WHERE id IN (SELECT max(id) FROM transitions GROUP BY instance_id)");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            last[reader.GetString(0)] = (HealthStatuses.Parse(reader.GetString(1)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
        }

        return last.ToImmutable();
    }

    public static ImmutableArray<Incident> Incidents(SqliteConnection connection, string sql)
    {
        var incidents = ImmutableArray.CreateBuilder<Incident>();
        using var command = connection.Command(sql);
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

    /// <summary>One day's row, from column <paramref name="first"/> on, as the cache holds it (no object).</summary>
    public static DayCounts DayCounts(SqliteDataReader reader, int first) => new(
        Day(reader, first), Day(reader, first + 1), Day(reader, first + 2), Day(reader, first + 3), Day(reader, first + 4),
        Day(reader, first + 6), reader.GetDouble(first + 5));

    /// <summary>The seven counts of an uptime row, from column <paramref name="first"/> on.</summary>
    public static UptimeCounts Counts(SqliteDataReader reader, int first) => new(
        reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3), reader.GetInt64(first + 4),
        reader.GetDouble(first + 5), reader.GetInt64(first + 6));

    /// <summary>A day's count fits 32 bits (<see cref="History.DayCounts"/>); a larger one (not a day's rounds) is clamped.</summary>
    private static int Day(SqliteDataReader reader, int column) => (int)Math.Clamp(reader.GetInt64(column), 0, int.MaxValue);
}
