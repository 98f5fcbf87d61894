using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Supawatch.Common;

namespace Supawatch.History;

/// <summary>What the history holds of a period of whole UTC days: each instance's daily buckets summed, and the incidents that overlap it.</summary>
public sealed record HistoryPeriod(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<PeriodUptime> Instances, ImmutableArray<Incident> Incidents)
{
    private const long DayMs = 86_400_000;

    /// <summary>Reads [<paramref name="from"/>, <paramref name="to"/>) from the store's connection.</summary>
    internal static HistoryPeriod Read(SqliteConnection connection, DateOnly from, DateOnly to)
    {
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var instances = new List<PeriodUptime>();
        using (var command = connection.Command(
            """
            SELECT instance_id, (SELECT d2.org_id FROM uptime_daily d2 WHERE d2.instance_id = d.instance_id AND d2.bucket >= $from AND d2.bucket < $to ORDER BY d2.bucket DESC LIMIT 1),
              sum(up), sum(degraded), sum(down), sum(stopped), sum(unknown), sum(response_ms_sum), sum(response_count), sum(slo_bad), sum(slo_counted),
              (SELECT d3.slo_class FROM uptime_daily d3 WHERE d3.instance_id = d.instance_id AND d3.bucket >= $from AND d3.bucket < $to ORDER BY d3.bucket DESC LIMIT 1)
            FROM uptime_daily d WHERE bucket >= $from AND bucket < $to GROUP BY instance_id ORDER BY instance_id
            """,
            ("$from", start.ToUnixTimeMilliseconds() / DayMs), ("$to", end.ToUnixTimeMilliseconds() / DayMs)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                instances.Add(new PeriodUptime(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), HistoryReads.Counts(reader, 2))
                {
                    SloClass = reader.IsDBNull(11) ? null : reader.GetString(11),
                });
            }
        }

        var incidents = HistoryReads.Incidents(connection, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"SELECT id, instance_id, org_id, started_at, ended_at, cause FROM incidents WHERE started_at < {end.ToUnixTimeMilliseconds()} AND (ended_at IS NULL OR ended_at > {start.ToUnixTimeMilliseconds()}) ORDER BY started_at"));
        return new HistoryPeriod(start, end, instances, incidents);
    }
}
